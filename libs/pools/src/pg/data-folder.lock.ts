import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { PoolStartupError } from '../errors/pool.error';

/** Whether a process of that id runs (signal 0 checks without signalling). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/**
 * One process at a time on an embedded data folder: two PGlite instances on the same files each
 * believe they own them, and one's writes are lost. A pid file beside the folder (`<dir>.lock`)
 * records the owner; a second process refuses to start, naming it, and a file left by a process
 * that no longer runs (killed with SIGKILL) is taken over. Hand-written: the lock libraries
 * (proper-lockfile) judge staleness by age, not by whether the owner runs, and cannot say who
 * holds the folder.
 */
export class DataFolderLock {
  private constructor(
    private readonly path: string,
    private readonly release: () => void,
  ) {}

  static acquire(dataDir: string): DataFolderLock {
    const path = `${dataDir}.lock`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        const release = () => {
          try {
            if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
          } catch {
            // Already gone.
          }
        };
        process.once('exit', release);
        return new DataFolderLock(path, release);
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
        const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
        if (Number.isSafeInteger(owner) && owner !== process.pid && running(owner)) {
          throw new PoolStartupError(
            `The embedded PostgreSQL data folder ${dataDir} is in use by process ${owner} (see ${path}). Stop that process, give this one another folder (SKILLNEST_DATA_DIR), or set DATABASE_URL.`,
          );
        }
        unlinkSync(path);
      }
    }
    throw new PoolStartupError(`The embedded PostgreSQL data folder ${dataDir} could not be locked (${path}).`);
  }

  /** Lets another process use the folder (after the database has closed). */
  unlock(): void {
    process.removeListener('exit', this.release);
    this.release();
  }
}

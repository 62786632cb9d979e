const { execFileSync } = require('node:child_process');
const { PackLibsMessages } = require('./pack-libs.messages');

/**
 * Runs one command to completion within `timeoutMs` (killed after that) and returns its stdout;
 * throws with the command's output when it fails, so a hanging or failing step ends the run with
 * what it printed rather than holding it.
 */
function runBounded(what, command, args, { cwd, timeoutMs }) {
  try {
    return execFileSync(command, args, {
      cwd,
      timeout: timeoutMs,
      maxBuffer: 32 * 1024 * 1024,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    });
  } catch (error) {
    const reason = error.signal ? `${error.signal} after ${timeoutMs} ms` : `exit ${error.status}`;
    throw new Error(PackLibsMessages.stepFailed(what, reason, `${error.stdout ?? ''}${error.stderr ?? ''}`), { cause: error });
  }
}

module.exports = { runBounded };

import { SkillError, type SkillErrorTranslator } from '@skillnest/skills';

/** The database could not answer: connection lost, server restarting, statement too slow. */
export class DatabaseUnavailableError extends SkillError {
  override name = 'DatabaseUnavailableError';
}

// SQLSTATE classes and codes that mean "the server or the connection failed", not "the query
// was wrong": 08 connection exception, 57P01-57P03 shutdown / cannot connect now, 53300 too
// many connections.
const CONNECTION_SQLSTATES = /^(08...|57P0[1-3]|53300)$/;
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|Query read timeout/i;

/** Recognises PostgreSQL outages in node-postgres errors and phrases them for the caller. */
export const pgErrorTranslator: SkillErrorTranslator = (error) => {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: string }).code ?? '';
  if (code === '57014') {
    return new DatabaseUnavailableError('The database took too long to answer and the statement was cancelled. Try a narrower request.', {
      reason: 'statement_timeout',
    });
  }
  if (CONNECTION_SQLSTATES.test(code) || CONNECTION_CODES.has(code) || CONNECTION_MESSAGES.test(error.message)) {
    return new DatabaseUnavailableError('The database connection was lost or the database is unavailable; the operation may not have completed. Check, then try again shortly.', {
      reason: 'database_unavailable',
    });
  }
  return undefined;
};

import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

/**
 * One page of a list and the cursor of the next. The cursor is opaque to clients (base64url of
 * the offset); a cursor that does not decode is refused with -32602, as the spec asks.
 */
export function paginate<T>(items: readonly T[], cursor: string | undefined, pageSize: number): { page: T[]; nextCursor?: string } {
  let offset = 0;
  if (cursor !== undefined) {
    offset = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0 || offset > items.length) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'Invalid cursor: pass the nextCursor of a previous page unchanged.');
    }
  }
  const end = offset + pageSize;
  return { page: items.slice(offset, end), ...(end < items.length ? { nextCursor: Buffer.from(String(end), 'utf8').toString('base64url') } : {}) };
}

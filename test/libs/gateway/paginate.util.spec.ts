import { paginate } from '../../../libs/gateway/src/mcp/paginate.util';

describe('paginate', () => {
  const items = Array.from({ length: 7 }, (_, index) => `item-${index}`);

  it('walks a list page by page with opaque cursors until no nextCursor', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { page, nextCursor } = paginate(items, cursor, 3);
      seen.push(...page);
      cursor = nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(items);
    expect(pages).toBe(3);
  });

  it('gives no cursor when everything fits', () => {
    expect(paginate(items, undefined, 10)).toEqual({ page: items });
  });

  it('refuses a cursor it did not issue with -32602', () => {
    expect(() => paginate(items, 'not-a-cursor', 3)).toThrow(expect.objectContaining({ code: -32602 }));
    expect(() => paginate(items, Buffer.from('99').toString('base64url'), 3)).toThrow(/Invalid cursor/);
  });
});

import { AuditQueue } from '../../../../libs/gateway/src/observe/audit/audit-queue';

describe('AuditQueue', () => {
  it('hands out the oldest first, in batches', () => {
    const queue = new AuditQueue<number>(10);
    for (let item = 1; item <= 5; item++) expect(queue.push(item)).toBe(0);
    expect(queue.take(2)).toEqual([1, 2]);
    expect(queue.take(10)).toEqual([3, 4, 5]);
    expect(queue.length).toBe(0);
  });

  it('drops the oldest beyond its bound, and says how many', () => {
    const queue = new AuditQueue<number>(3);
    expect([1, 2, 3, 4, 5].map((item) => queue.push(item))).toEqual([0, 0, 0, 1, 1]);
    expect(queue.clear()).toEqual([3, 4, 5]);
  });

  it('puts a batch that failed back in front, then keeps the newest within the bound', () => {
    const queue = new AuditQueue<number>(4);
    [1, 2, 3].forEach((item) => queue.push(item));
    const batch = queue.take(3);
    [4, 5, 6].forEach((item) => queue.push(item));
    expect(queue.putBack(batch)).toBe(2);
    expect(queue.clear()).toEqual([3, 4, 5, 6]);
  });

  it('keeps its order over many pushes and takes (the head moves, the array is compacted)', () => {
    const queue = new AuditQueue<number>(5_000);
    const seen: number[] = [];
    for (let item = 0; item < 20_000; item++) {
      queue.push(item);
      if (item % 3 === 0) seen.push(...queue.take(2));
    }
    seen.push(...queue.clear());
    // Strictly increasing (nothing twice, nothing out of order), the newest kept.
    expect(seen.every((item, index) => index === 0 || item > seen[index - 1])).toBe(true);
    expect(seen.at(-1)).toBe(19_999);
    expect(seen.length).toBeGreaterThanOrEqual(5_000);
  });
});

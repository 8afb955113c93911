import pLimit from 'p-limit';

/**
 * Maps `fn` over `items` with at most `concurrency` calls in flight, yielding results in input order.
 * At most `2 x concurrency` results wait for an earlier one, so memory stays bounded for any number of items.
 */
export async function* mapOrdered<T, R>(
  items: AsyncIterable<T> | Iterable<T>,
  fn: (item: T, index: number) => Promise<R>,
  concurrency: number,
): AsyncGenerator<R> {
  const limit = pLimit(Math.max(1, concurrency));
  const window: Promise<R>[] = [];
  const maxWindow = Math.max(1, concurrency) * 2;
  let index = 0;
  for await (const item of items) {
    const i = index++;
    const p = limit(() => fn(item, i));
    p.catch(() => undefined); // awaited below, in order; avoid an unhandled rejection meanwhile
    window.push(p);
    if (window.length >= maxWindow) yield await window.shift()!;
  }
  while (window.length > 0) yield await window.shift()!;
}

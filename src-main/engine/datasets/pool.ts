/**
 * Runs `work` over an async stream with at most `limit` calls in flight, so memory stays bounded whatever the
 * stream's length (the stream is pulled only when a slot frees). Stops pulling when `signal` aborts and rethrows
 * its reason once in-flight work settles. Results are not collected: `work` stores what it needs.
 */
export async function forEachBounded<T>(
  items: AsyncIterable<T> | Iterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : toAsync(items as Iterable<T>);
  let failure: unknown = null;
  let pulling: Promise<IteratorResult<T>> | null = null;
  // One pull at a time: async generators queue concurrent next() calls anyway, this keeps the order plain.
  const next = async (): Promise<IteratorResult<T>> => {
    while (pulling) await pulling.catch(() => undefined);
    pulling = iterator.next();
    try {
      return await pulling;
    } finally {
      pulling = null;
    }
  };
  const runner = async (): Promise<void> => {
    while (failure === null) {
      if (signal?.aborted) {
        failure = signal.reason ?? new Error('aborted');
        break;
      }
      let item: IteratorResult<T>;
      try {
        item = await next();
      } catch (err) {
        failure ??= err;
        return;
      }
      if (item.done) return;
      try {
        await work(item.value);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, runner));
  if (failure !== null) {
    await iterator.return?.();
    throw failure;
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

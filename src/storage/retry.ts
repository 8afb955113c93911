import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';

/**
 * Retries each S3 request on throttling (503 SlowDown), transient errors and dropped connections, up to
 * `maxAttempts`, with capped exponential backoff and full jitter.
 *
 * Written here because the SDK's standard strategy shares one retry quota per client (500 tokens, 5 per
 * retry, refilled 1 per success): a bulk upload through a flaky S3-compatible gateway spends it in about a
 * hundred retries, after which every request fails on its first error and the run stops half-way. photodesk's
 * bodies are replayable Buffers and every write is idempotent, so each request keeps its own attempts.
 */
export function createRetryStrategy(maxAttempts: number, options: { baseDelayMs?: number; throttlingDelayMs?: number; maxDelayMs?: number } = {}): RetryStrategyV2 {
  const base = options.baseDelayMs ?? 100;
  const throttled = options.throttlingDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 20_000;
  const token = (count: number, delay: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => delay });
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
      const count = previous.getRetryCount() + 1;
      if (count >= maxAttempts || (info.errorType !== 'THROTTLING' && info.errorType !== 'TRANSIENT' && info.errorType !== 'SERVER_ERROR')) {
        throw new Error('No retry token available');
      }
      const unit = info.errorType === 'THROTTLING' ? throttled : base;
      let delay = Math.random() * Math.min(cap, unit * 2 ** (count - 1));
      if (info.retryAfterHint instanceof Date) delay = Math.max(delay, Math.min(cap, info.retryAfterHint.getTime() - Date.now()));
      await new Promise((r) => setTimeout(r, delay));
      return token(count, 0);
    },
    recordSuccess: () => undefined,
  };
}

package io.pinscope.storage;

/**
 * Hourly roll-ups of agent metrics, behind {@link AgentMetrics#buckets}: for each agent, every completed hour
 * is folded once per series into one {@link io.pinscope.model.MetricBucket} (the fold the raw points give)
 * and stored, so that buckets of whole hours ({@code bucketMillis} a multiple of one hour) read one value per
 * series and hour instead of every point. Hours at or after {@link #rolledUpUntil} — not yet rolled up — and
 * the partial hours at a range's ends are folded from the raw points, so answers are the same whether an
 * hour is rolled up or not.
 *
 * <p>Roll-ups are written with puts (running one again rewrites the same values) together with the agent's
 * progress, which is durable: a restarted server goes on where it stopped. A point written for an hour after
 * that hour was rolled up (a late point) is in the raw points, and so in buckets shorter than an hour, but not
 * in buckets of whole hours, which keep the rolled-up value. Roll-ups expire with the metrics' retention.
 */
public interface MetricRollups {
  /**
   * Rolls up {@code agentId}'s hours that end at or before {@code untilMillis} and are not rolled up yet,
   * starting at the hour of its oldest stored point the first time. Durable on return, progress saved every
   * day of hours rolled up.
   *
   * @return the number of hours rolled up (those without points included)
   */
  int rollUp(String agentId, long untilMillis);

  /** The end (exclusive, epoch ms, on the hour) of the hours rolled up for {@code agentId}; 0 if none. */
  long rolledUpUntil(String agentId);
}

package io.pinscope.storage;

/**
 * Roll-ups of agent metrics, behind {@link AgentMetrics#buckets}: for each agent, every completed ten minutes
 * and every completed hour is folded once per series into one {@link io.pinscope.model.MetricBucket} and
 * stored, so that buckets of whole hours ({@code bucketMillis} a multiple of one hour) read one value per
 * series and hour, and buckets of whole ten minutes one per ten minutes, instead of every point. An hour is
 * always its ten-minute buckets merged in time order, and ten minutes the fold of its raw points; windows not
 * rolled up yet and the partial windows at a range's ends are computed the same way from the finer data, so
 * answers are the same whether a window is rolled up or not. The partial hours at a range's ends thus read
 * ten-minute roll-ups and at most the raw points of a few minutes at each end.
 *
 * <p>Roll-ups are written with puts (running one again rewrites the same values) together with the agent's
 * progress, which is durable: a restarted server goes on where it stopped. A point written for a window after
 * that window was rolled up (a late point) is in the raw points, and so in buckets shorter than ten minutes,
 * but not in longer buckets, which keep the rolled-up value. Roll-ups expire with the metrics' retention.
 */
public interface MetricRollups {
  /**
   * Rolls up {@code agentId}'s ten minutes, then its hours, that end at or before {@code untilMillis} and are
   * not rolled up yet, starting at the window of its oldest stored point the first time. Durable on return,
   * progress saved every day of windows rolled up.
   *
   * @return the number of hours rolled up (those without points included)
   */
  int rollUp(String agentId, long untilMillis);

  /** The end (exclusive, epoch ms, on the hour) of the hours rolled up for {@code agentId}; 0 if none. */
  long rolledUpUntil(String agentId);
}

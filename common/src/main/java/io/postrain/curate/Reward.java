package io.postrain.curate;

/**
 * One reward function: a score for a completion. Built from a reward config by {@link
 * RewardConfig}; combined with others, each with its weight, by {@link RewardSet}.
 */
public interface Reward {

  /** The score of one completion; rewards document their range. */
  double score(Sample sample);
}

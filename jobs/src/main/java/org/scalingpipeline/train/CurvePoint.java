package org.scalingpipeline.train;

/**
 * One logged value of a training curve, as a {@code "record":"point"} line of the JSONL log format
 * (data/log-format.md).
 *
 * @param step optimiser steps done
 * @param tokens training tokens seen, {@code step x tokens_per_step}
 * @param flops training FLOPs spent, {@code step x flops_per_step}
 * @param metric {@code train_loss}, {@code val_loss}, {@code val_bpb} or {@code val_loss_averaged}
 * @param value the metric's value, finite
 * @param unit {@code nats/token} or {@code bits/byte}
 * @param wallTime seconds since the epoch
 */
public record CurvePoint(
    long step, long tokens, double flops, String metric, double value, String unit, double wallTime) {}

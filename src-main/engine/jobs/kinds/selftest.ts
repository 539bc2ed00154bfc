import type { Scalar, Tensor4D } from '@tensorflow/tfjs';
import { SelftestParamsSchema } from '../../../shared/domain/job';
import type { JobContext, JobOutcome } from '../job-context';

/**
 * Backend self-test: real Adam steps of a small conv encoder/decoder on random 16×16 images, so the UI can
 * show that the active backend trains (forward, conv backprop kernels, optimizer) before a long run is started.
 * Also the job the foundation tests use to exercise the process host end to end.
 */
export async function runSelftest(ctx: JobContext): Promise<JobOutcome> {
  const params = SelftestParamsSchema.parse(ctx.params);
  const { tf } = ctx;
  const B = params.batch;
  const w1 = tf.variable(tf.randomNormal([3, 3, 1, 8], 0, 0.2, 'float32', 1) as Tensor4D); // conv 1→8, stride 2
  const w2 = tf.variable(tf.randomNormal([4, 4, 1, 8], 0, 0.2, 'float32', 2) as Tensor4D); // transposed conv 8→1, stride 2
  const optimizer = tf.train.adam(2e-3, 0.5, 0.999);
  const x = tf.randomUniform([B, 16, 16, 1], -1, 1, 'float32', 3) as Tensor4D; // [B, 16, 16, 1]
  let step = 0;
  let lastLoss = Number.NaN;
  try {
    for (step = 0; step < params.steps; ) {
      if ((await ctx.checkpoint()) === 'stop') break;
      if (params.crashAtStep !== undefined && step + 1 >= params.crashAtStep) {
        // Deliberate crash for the host's crash test: no result message, non-zero exit.
        process.exit(70);
      }
      // minimize() tidies the forward and backward passes itself; only the returned loss is ours to dispose.
      const loss = optimizer.minimize(() => {
        const h = tf.relu(tf.conv2d(x, w1 as unknown as Tensor4D, 2, 'same')); // [B, 8, 8, 8]
        const y = tf.tanh(tf.conv2dTranspose(h, w2 as unknown as Tensor4D, [B, 16, 16, 1], 2, 'same')); // [B, 16, 16, 1]
        return tf.losses.meanSquaredError(x, y) as Scalar;
      }, true)!;
      lastLoss = (await loss.data())[0]!;
      loss.dispose();
      step += 1;
      if (!Number.isFinite(lastLoss)) throw new Error(`loss became ${lastLoss} at step ${step}`);
      ctx.progress(step, params.steps, { loss: lastLoss, tensors: tf.memory().numTensors });
    }
  } finally {
    tf.dispose([w1, w2, x]);
    optimizer.dispose();
  }
  return { status: step >= params.steps ? 'completed' : 'stopped', step, output: { finalLoss: lastLoss } };
}

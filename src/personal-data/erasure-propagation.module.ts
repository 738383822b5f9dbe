import { Module } from '@nestjs/common';
import { ErasureFollower, ErasureRebuildsReactor } from './erasure-propagation.js';

/**
 * Carries an erasure to every instance through the log: the reactor of PersonalDataErased (discovered like every
 * projection) tells each read model it is due for a rebuild, and each instance's follower drops its folded states and
 * rebuilds the read models it holds (docs/retention.md, "Erasure").
 */
@Module({
  providers: [ErasureRebuildsReactor, ErasureFollower],
  exports: [ErasureFollower],
})
export class ErasurePropagationModule {}

/** A training request that is wrong (an unknown tenant or model, a missing table, a bad option): nothing was changed. */
export class TrainingInputError extends Error {
  override readonly name = 'TrainingInputError';
}

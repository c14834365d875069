/**
 * What scoring knows about each model by name: how its card's outputs are read, which of them are
 * probabilities, and which one its explanations explain. Everything else (output names, versions,
 * background, medians) comes from the card.
 */
import { parseExpansionOutputs } from './expansion-window.js';
import { parseHealthOutputs } from './health-trajectory.js';

export const MODEL_NAMES = ['churn', 'expansion', 'health'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export interface ModelKind {
  /** Why the card's outputs do not fit; undefined when they do. */
  checkOutputs(outputs: readonly string[]): string | undefined;
  /** Whether an output must lie in [0, 1] for every background row. */
  isProbability(output: string, outputs: readonly string[]): boolean;
  /**
   * The output Shapley drivers and what-ifs explain, and which way is favourable for the account
   * (the healthy reference is taken from the background rows the model rates most favourably).
   * Absent: the model is not explained.
   */
  explained?: { output(outputs: readonly string[]): string; favourable: 'low' | 'high' };
}

const errorOf = (parsed: object | string): string | undefined => (typeof parsed === 'string' ? parsed : undefined);

export const MODEL_KINDS: Readonly<Record<ModelName, ModelKind>> = {
  // The first output is the calibrated churn probability.
  churn: {
    checkOutputs: () => undefined,
    isProbability: (output, outputs) => output === outputs[0],
    explained: { output: (outputs) => outputs[0]!, favourable: 'low' },
  },
  expansion: {
    checkOutputs: (outputs) => errorOf(parseExpansionOutputs(outputs)),
    isProbability: (output) => /^p_\d+d$/.test(output),
    explained: {
      output: (outputs) => {
        const parsed = parseExpansionOutputs(outputs);
        if (typeof parsed === 'string') throw new Error(parsed);
        return outputs[parsed.explained]!;
      },
      favourable: 'high',
    },
  },
  health: {
    checkOutputs: (outputs) => errorOf(parseHealthOutputs(outputs)),
    isProbability: () => false,
  },
};

export function isModelName(name: string): name is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(name);
}

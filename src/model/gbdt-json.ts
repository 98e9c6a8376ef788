// The saved form of a gradient-boosted tree model: one JSON document, the single definition of the model record.
// Numbers survive JSON.stringify → JSON.parse exactly (shortest round-trip form), so a reloaded model predicts bit for
// bit what the original did.
import { z } from 'zod';
import { UserError } from '../user-error.js';

export const OBJECTIVES = ['logistic', 'squared'] as const;
export const METRICS = ['logloss', 'auc', 'rmse'] as const;

export const gbdtParamsSchema = z.object({
    objective: z.enum(OBJECTIVES),
    /** Boosting rounds at most (one tree per round). */
    rounds: z.number().int().positive(),
    learningRate: z.number().positive(),
    /** Depth limit of a tree (root = depth 0). */
    maxDepth: z.number().int().positive(),
    /** Leaves per tree at most; trees grow best-first (leaf-wise) up to it. */
    maxLeaves: z.number().int().min(2),
    /** Smallest hessian sum in a child (for logistic loss, Σ p(1 − p)). */
    minChildWeight: z.number().nonnegative(),
    /** Fewest (sampled) rows in a child. */
    minDataInLeaf: z.number().int().positive(),
    /** L2 penalty on leaf values. */
    lambda: z.number().nonnegative(),
    /** Smallest loss reduction for a split. */
    minSplitGain: z.number().nonnegative(),
    /** Share of rows drawn (without replacement, per tree). */
    subsample: z.number().gt(0).max(1),
    /** Share of features drawn per tree. */
    colsample: z.number().gt(0).max(1),
    /** Bins per feature, the missing bin included (≤ 255). */
    maxBins: z.number().int().min(2).max(255),
    seed: z.number().int().nonnegative(),
    /** Stop when the validation metric has not improved for this many rounds (needs a validation set). */
    earlyStoppingRounds: z.number().int().positive(),
    /** Validation metric: logloss or auc for logistic, rmse for squared. */
    metric: z.enum(METRICS),
});
export type GbdtParams = z.infer<typeof gbdtParamsSchema>;

/**
 * One tree as parallel arrays over its nodes; node 0 is the root. A leaf has feature −1 and left = right = −1;
 * an internal node's right child is the node after its left child (right = left + 1).
 * An internal node sends a row left when its value of `feature` is <= threshold (= the feature's bin threshold at
 * `bin`), and a missing value left when defaultLeft. `value` is the node's leaf value (learning rate applied), also
 * kept for internal nodes for contributions; `cover` the hessian sum of the training rows that reached the node.
 */
export const gbdtTreeSchema = z.object({
    feature: z.array(z.number().int().min(-1)),
    bin: z.array(z.number().int().min(-1)),
    threshold: z.array(z.number()),
    defaultLeft: z.array(z.boolean()),
    left: z.array(z.number().int().min(-1)),
    right: z.array(z.number().int().min(-1)),
    value: z.array(z.number()),
    cover: z.array(z.number()),
});
export type GbdtTree = z.infer<typeof gbdtTreeSchema>;

export const gbdtModelSchema = z.object({
    kind: z.literal('gbdt'),
    version: z.literal(1),
    objective: z.enum(OBJECTIVES),
    featureNames: z.array(z.string()),
    /** Per feature, its bin thresholds (see feature-binning.ts). */
    thresholds: z.array(z.array(z.number())),
    trees: z.array(gbdtTreeSchema),
    /** Margin before any tree: log-odds of the training base rate (logistic) or the training mean (squared). */
    baseScore: z.number(),
    /** Rounds kept (= trees.length): the round with the best validation metric, or all rounds without validation. */
    bestIteration: z.number().int().nonnegative(),
    /** Validation metric per round (empty without a validation set). */
    validationHistory: z.array(z.number()),
    params: gbdtParamsSchema,
    /** Supplied by the caller: the period the model was trained on. */
    trainingWindow: z.record(z.string(), z.unknown()).optional(),
    /** Supplied by the caller: evaluation figures. */
    metrics: z.record(z.string(), z.unknown()).optional(),
});
export type GbdtModel = z.infer<typeof gbdtModelSchema>;

export function modelToJson(model: GbdtModel): string {
    return JSON.stringify(model);
}

/** Parses and checks a saved model; `where` names its source in the error. */
export function modelFromJson(text: string, where = 'model JSON'): GbdtModel {
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (error) {
        throw new UserError('model_invalid', `${where} is not JSON (${(error as Error).message}). Save models with modelToJson.`);
    }
    const parsed = gbdtModelSchema.safeParse(raw);
    if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new UserError('model_invalid', `${where} is not a gbdt model: ${issue.path.join('.') || '(root)'}: ${issue.message}.`);
    }
    const model = parsed.data;
    if (model.thresholds.length !== model.featureNames.length) {
        throw new UserError('model_invalid', `${where} has ${model.thresholds.length} threshold lists for ${model.featureNames.length} features.`);
    }
    model.trees.forEach((tree, t) => {
        const internalNodesOk = tree.feature.every((feature, node) => feature < 0 || (tree.left[node]! > node && tree.right[node] === tree.left[node]! + 1));
        if (!internalNodesOk) throw new UserError('model_invalid', `${where}: in tree ${t} a split's right child does not follow its left child.`);
    });
    return model;
}

/** The text of a Terraform JSON plan with about `resourceCount` resource instances (see generate-plan.mjs). */
export function generatePlan(resourceCount: number, options?: { pretty?: boolean }): string;

/** Resource instances parsePlan finds in generatePlan(resourceCount). */
export function generatedInstanceCount(resourceCount: number): number;

/** A p-value as people read it: "p = 0.39", "p = 0.012", "p < 0.001". */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** "better on 60 test images, worse on 50 (p = 0.39)": an arm's paired test against real only, when it was kept. */
export function pairedText(arm: { better?: number | undefined; worse?: number | undefined; pValue?: number | undefined }): string | null {
  if (arm.better === undefined || arm.worse === undefined || arm.pValue === undefined) return null;
  return `better on ${arm.better} test images, worse on ${arm.worse} (${formatP(arm.pValue)})`;
}

/** A fraction as a percentage with one decimal ("80.2%"): how accuracies read everywhere the studio prints them. */
export const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * Models known to ignore `negative_prompt` (docs/modelslab-api.md, "Models that ignore the
 * negative prompt"). For these the form hides the field and leaves it out of the request.
 * A `family` row covers its variants too: `flux` also matches `flux-dev`, `flux_schnell`.
 */
const ignoringNegativePrompt: Array<{ id: string; family: boolean }> = [
  { id: 'flux', family: true },
];

export function ignoresNegativePrompt(modelId: string): boolean {
  const id = modelId.trim().toLowerCase();
  return ignoringNegativePrompt.some(
    (row) =>
      id === row.id ||
      (row.family && /^[-_.]/.test(id.slice(row.id.length)) && id.startsWith(row.id)),
  );
}

/**
 * The sandbox's own models: what its model list answers, and the only ids its text2img
 * accepts ("Model not found: …" otherwise, as the real service says). Each has a
 * thumbnail drawn here, so the list needs no network.
 */
export type SandboxModel = {
  model_id: string;
  model_name: string;
  description: string;
  /** The thumbnail's colour. */
  hue: number;
};

export const sandboxModels: SandboxModel[] = [
  {
    model_id: 'flux',
    model_name: 'Flux',
    description:
      'Sharp, detailed pictures that follow the prompt closely. Ignores the negative prompt.',
    hue: 205,
  },
  {
    model_id: 'sdxl',
    model_name: 'Stable Diffusion XL',
    description: 'A versatile all-rounder, at its best at 1024 × 1024.',
    hue: 265,
  },
  {
    model_id: 'realistic-vision-v51',
    model_name: 'Realistic Vision 5.1',
    description: 'Lifelike photographs of people and places.',
    hue: 30,
  },
  {
    model_id: 'midjourney',
    model_name: 'Midjourney style',
    description: 'Dreamy, painterly pictures in rich colour.',
    hue: 300,
  },
  {
    model_id: 'anything-v5',
    model_name: 'Anything V5',
    description: 'Anime and illustration.',
    hue: 340,
  },
  {
    model_id: 'dreamshaper-8',
    model_name: 'DreamShaper 8',
    description: 'Fantasy art, portraits and landscapes.',
    hue: 130,
  },
  {
    model_id: 'juggernaut-xl',
    model_name: 'Juggernaut XL',
    description: 'Cinematic photographs with strong light.',
    hue: 50,
  },
  {
    model_id: 'pixel-art-xl',
    model_name: 'Pixel Art XL',
    description: 'Retro game pictures made of large square pixels.',
    hue: 160,
  },
];

/** A small square in the model's colour with its initial, as an inline SVG picture. */
export function thumbnailFor(model: SandboxModel): string {
  const initial = model.model_name.charAt(0).toUpperCase();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="hsl(${model.hue},70%,62%)"/><stop offset="1" stop-color="hsl(${(model.hue + 50) % 360},60%,32%)"/></linearGradient></defs><rect width="96" height="96" fill="url(#g)"/><text x="48" y="62" font-family="sans-serif" font-size="44" font-weight="700" fill="white" text-anchor="middle">${initial}</text></svg>`;
  return `data:image/svg+xml;base64,${btoa(svg)}`;
}

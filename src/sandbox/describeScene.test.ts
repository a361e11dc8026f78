import { describe, expect, test } from 'vitest';
import { describeScene, type LandLayer, type PictureSpec, type Scene } from './describeScene';

const base: PictureSpec = {
  prompt: 'a sunset over mountains',
  seed: 42,
  width: 512,
  height: 512,
  index: 0,
};

function spec(overrides: Partial<PictureSpec>): PictureSpec {
  return { ...base, ...overrides };
}

function hue(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const r = ((n >> 16) & 255) / 255;
  const g = ((n >> 8) & 255) / 255;
  const b = (n & 255) / 255;
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

function lightness(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const channels = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return (Math.max(...channels) + Math.min(...channels)) / 2 / 255;
}

function landLayers(scene: Scene): LandLayer[] {
  return scene.layers.filter((layer): layer is LandLayer => layer.type === 'land');
}

/** Every coordinate in the scene that lies outside the canvas, as readable strings. */
function outOfBounds(scene: Scene): string[] {
  const { width: W, height: H } = scene;
  const problems: string[] = [];
  const x = (v: number, what: string) => {
    if (!(Number.isFinite(v) && v >= 0 && v <= W)) problems.push(`${what}: x=${v}`);
  };
  const y = (v: number, what: string) => {
    if (!(Number.isFinite(v) && v >= 0 && v <= H)) problems.push(`${what}: y=${v}`);
  };
  const rect = (r: { x: number; y: number; w: number; h: number }, what: string) => {
    x(r.x, what);
    x(r.x + r.w, what);
    y(r.y, what);
    y(r.y + r.h, what);
  };

  y(scene.horizonY, 'horizon');
  if (scene.celestial) {
    x(scene.celestial.x, 'celestial');
    y(scene.celestial.y, 'celestial');
  }
  for (const dot of [...scene.stars, ...scene.nebulae, ...scene.particles]) {
    x(dot.x, 'dot');
    y(dot.y, 'dot');
  }
  for (const cloud of scene.clouds) {
    y(cloud.baseY, 'cloud base');
    for (const puff of cloud.puffs) {
      x(puff.x, 'cloud puff');
      y(puff.y, 'cloud puff');
    }
  }
  for (const layer of scene.layers) {
    if (layer.type === 'land') {
      for (const p of [...layer.points, ...(layer.snowLine ?? [])]) {
        x(p.x, 'land point');
        y(p.y, 'land point');
      }
      for (const tree of layer.trees) {
        x(tree.x, 'tree');
        y(tree.y, 'tree base');
        y(tree.y - tree.height, 'tree top');
      }
    } else if (layer.type === 'skyline') {
      for (const b of layer.buildings) {
        rect(b, 'building');
        y(b.y - b.roofHeight, 'roof');
      }
      for (const w of layer.windows) rect(w, 'window');
    } else if (layer.type === 'mist') {
      y(layer.y, 'mist');
      y(layer.y + layer.h, 'mist');
    } else {
      for (const g of layer.glints) rect(g, 'glint');
    }
  }
  return problems;
}

describe('describeScene', () => {
  test('the same spec always gives the same scene', () => {
    expect(describeScene(spec({}))).toEqual(describeScene(spec({})));
    const ocean = spec({ prompt: 'stormy ocean waves', seed: 7, index: 2 });
    expect(describeScene(ocean)).toEqual(describeScene({ ...ocean }));
  });

  test('a different seed gives a different scene', () => {
    const a = describeScene(spec({ seed: 1 }));
    const b = describeScene(spec({ seed: 2 }));
    expect(a).not.toEqual(b);
    expect(landLayers(a)[0]?.points).not.toEqual(landLayers(b)[0]?.points);
  });

  test('the image index varies the shapes but keeps the palette and mood', () => {
    const a = describeScene(spec({ index: 0 }));
    const b = describeScene(spec({ index: 1 }));
    expect(a.layers).not.toEqual(b.layers);
    expect(b.sky.map((stop) => stop.color)).toEqual(a.sky.map((stop) => stop.color));
    expect([b.theme, b.terrain, b.time]).toEqual([a.theme, a.terrain, a.time]);
  });

  test('the label is drawn on every picture', () => {
    expect(describeScene(spec({})).label).toBe('Sandbox · simulated');
  });

  test('ocean prompts give waves in blues and teals', () => {
    const scene = describeScene(spec({ prompt: 'ocean waves', seed: 3 }));
    expect(scene.theme).toBe('ocean');
    expect(scene.terrain).toBe('waves');
    const water = landLayers(scene);
    expect(water.length).toBeGreaterThanOrEqual(3);
    for (const layer of water) {
      expect(layer.style).toBe('waves');
      expect(hue(layer.color)).toBeGreaterThan(170);
      expect(hue(layer.color)).toBeLessThan(250);
    }
    expect(water.some((layer) => layer.crest !== null)).toBe(true);
  });

  test('night prompts have stars and a dark sky; daytime prompts have none', () => {
    const night = describeScene(spec({ prompt: 'mountains at night' }));
    expect(night.time).toBe('night');
    expect(night.stars.length).toBeGreaterThan(20);
    expect(lightness(night.sky[0]?.color ?? '#ffffff')).toBeLessThan(0.2);

    const day = describeScene(spec({ prompt: 'a sunny meadow' }));
    expect(day.time).toBe('day');
    expect(day.stars).toEqual([]);
    expect(day.celestial?.kind).toBe('sun');
  });

  test('plural keywords count too', () => {
    expect(describeScene(spec({ prompt: 'stars above' })).time).toBe('night');
    expect(describeScene(spec({ prompt: 'tall trees' })).theme).toBe('forest');
    expect(describeScene(spec({ prompt: 'a red seat' })).theme).toBe('default');
  });

  test('sunsets are warm and low', () => {
    const scene = describeScene(spec({ prompt: 'a sunset over mountains' }));
    expect(scene.theme).toBe('sunset');
    expect(scene.time).toBe('golden');
    expect(scene.terrain).toBe('mountains');
    const horizonHue = hue(scene.sky[scene.sky.length - 1]?.color ?? '#000000');
    expect(horizonHue).toBeGreaterThan(10);
    expect(horizonHue).toBeLessThan(55);
    expect(scene.celestial?.kind).toBe('sun');
    expect(scene.celestial?.y).toBeLessThanOrEqual(scene.horizonY);
  });

  test('forests have trees, cities have lit windows, galaxies have nebulae', () => {
    const forest = describeScene(spec({ prompt: 'a quiet forest at dawn' }));
    expect(forest.theme).toBe('forest');
    expect(landLayers(forest).some((layer) => layer.trees.length > 10)).toBe(true);

    const city = describeScene(spec({ prompt: 'city at night' }));
    expect(city.theme).toBe('city');
    expect(city.terrain).toBe('skyline');
    const skylines = city.layers.filter((layer) => layer.type === 'skyline');
    expect(skylines.length).toBe(2);
    expect(skylines.every((layer) => layer.windows.length > 0)).toBe(true);
    expect(city.stars.length).toBeGreaterThan(0);

    const galaxy = describeScene(spec({ prompt: 'galaxy' }));
    expect(galaxy.theme).toBe('space');
    expect(galaxy.nebulae.length).toBeGreaterThan(2);
    expect(galaxy.stars.length).toBeGreaterThan(100);
  });

  test('desert, snow and fire pick their own colours', () => {
    const desert = describeScene(spec({ prompt: 'desert dunes' }));
    expect(desert.terrain).toBe('dunes');
    for (const layer of landLayers(desert)) {
      expect(hue(layer.color)).toBeGreaterThan(10);
      expect(hue(layer.color)).toBeLessThan(50);
    }

    const snow = describeScene(spec({ prompt: 'snowy winter' }));
    expect(snow.theme).toBe('snow');
    expect(snow.particles.length).toBeGreaterThan(0);
    expect(lightness(landLayers(snow).at(-1)?.color ?? '#000000')).toBeGreaterThan(0.8);

    const fire = describeScene(spec({ prompt: 'lava volcano' }));
    expect(fire.theme).toBe('fire');
    const fireHue = hue(fire.sky[1]?.color ?? '#0000ff');
    expect(fireHue < 25 || fireHue > 340).toBe(true);
  });

  test('prompts without a keyword still get a palette, chosen by the seed', () => {
    const hues = new Set<number>();
    for (let seed = 0; seed < 8; seed++) {
      const scene = describeScene(spec({ prompt: 'a cat', seed }));
      expect(scene.theme).toBe('default');
      expect(landLayers(scene).length).toBeGreaterThanOrEqual(3);
      hues.add(Math.round(hue(scene.sky[0]?.color ?? '#000000') / 30));
    }
    expect(hues.size).toBeGreaterThan(3);
  });

  test.each([
    [512, 512],
    [256, 1024],
    [1024, 256],
    [1024, 1024],
  ])('every coordinate stays inside a %ix%i canvas', (width, height) => {
    const prompts = [
      'a sunset over mountains',
      'stormy ocean waves',
      'sunset over the sea',
      'a quiet forest at dawn',
      'city at night',
      'a busy street at noon',
      'a cat',
      'galaxy',
      'desert dunes',
      'snowy pine forest at night',
      'lava volcano',
      'a jungle',
    ];
    for (const prompt of prompts) {
      for (const seed of [0, 1, 99]) {
        for (const index of [0, 3]) {
          const scene = describeScene({ prompt, seed, width, height, index });
          expect(scene.width).toBe(width);
          expect(scene.height).toBe(height);
          expect(scene.layers.length).toBeGreaterThanOrEqual(3);
          expect(outOfBounds(scene), `${prompt} / seed ${seed} / index ${index}`).toEqual([]);
        }
      }
    }
  });
});

export type PictureSpec = {
  prompt: string;
  seed: number;
  width: number;
  height: number;
  /** Which of the 1–4 images of one request this is. */
  index: number;
};

export type Theme =
  | 'sunset'
  | 'ocean'
  | 'forest'
  | 'night'
  | 'space'
  | 'desert'
  | 'snow'
  | 'city'
  | 'fire'
  | 'default';

export type Terrain = 'mountains' | 'hills' | 'waves' | 'dunes' | 'skyline';

export type TimeOfDay = 'day' | 'golden' | 'night';

export type Point = { x: number; y: number };

/** Colours are always `#rrggbb`. */
export type ColorStop = { offset: number; color: string };

export type Celestial = {
  kind: 'sun' | 'moon' | 'planet';
  x: number;
  y: number;
  radius: number;
  color: string;
  glow: string;
  glowRadius: number;
};

export type Dot = { x: number; y: number; radius: number; color: string; alpha: number };

export type Cloud = {
  /** Puffs are cut off flat below this line. */
  baseY: number;
  puffs: { x: number; y: number; radius: number }[];
  color: string;
  /** The underside; the lit colour is drawn over it slightly higher up. */
  shade: string;
  alpha: number;
  /** Soft clouds are blurry puffs without the flat base (storms). */
  soft: boolean;
};

/** `y` is where the trunk meets the ground; the tree grows upwards by `height`. */
export type Tree = { x: number; y: number; width: number; height: number };

export type Rect = { x: number; y: number; w: number; h: number };

export type Building = Rect & {
  color: string;
  roof: 'flat' | 'spire' | 'antenna';
  roofHeight: number;
};

export type LandLayer = {
  type: 'land';
  style: 'ridge' | 'hills' | 'waves' | 'dunes';
  /** The top outline from x = 0 to x = width; the shape is filled down to the bottom edge. */
  points: Point[];
  smooth: boolean;
  color: string;
  /** Colour at the bottom of the vertical gradient. */
  shade: string;
  crest: { color: string; alpha: number; width: number; blur: number } | null;
  /** Lower edge of the snow caps, x = 0…width; null when the layer has none. */
  snowLine: Point[] | null;
  snowColor: string;
  trees: Tree[];
  treeStyle: 'pine' | 'round';
  /** Same as `color` for silhouettes; darker when trees stand out against snow. */
  treeColor: string;
};

export type SkylineLayer = {
  type: 'skyline';
  buildings: Building[];
  windows: Rect[];
  windowColor: string;
  windowAlpha: number;
};

export type MistLayer = { type: 'mist'; y: number; h: number; color: string; alpha: number };

export type GlintLayer = { type: 'glints'; glints: Rect[]; color: string };

export type Layer = LandLayer | SkylineLayer | MistLayer | GlintLayer;

export type Scene = {
  width: number;
  height: number;
  theme: Theme;
  terrain: Terrain;
  time: TimeOfDay;
  stormy: boolean;
  horizonY: number;
  /** Top to bottom; the gradient spans 0…horizonY. */
  sky: ColorStop[];
  nebulae: Dot[];
  stars: Dot[];
  celestial: Celestial | null;
  clouds: Cloud[];
  /** Back to front. */
  layers: Layer[];
  /** Drawn over everything: snowflakes, embers, fireflies. */
  particles: Dot[];
  vignette: number;
  label: string;
};

export const SANDBOX_LABEL = 'Sandbox · simulated';

type Rng = {
  next: () => number;
  range: (min: number, max: number) => number;
  int: (min: number, max: number) => number;
  chance: (p: number) => boolean;
};

function hashString(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

function makeRng(key: string): Rng {
  let a = hashString(key);
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => Math.floor(min + (max - min + 1) * next()),
    chance: (p) => next() < p,
  };
}

// ---------------------------------------------------------------- colour

type Hsl = readonly [h: number, s: number, l: number];

function hslToHex([h, s, l]: Hsl): string {
  const hue = (((h % 360) + 360) % 360) / 360;
  const sat = clamp(s, 0, 100) / 100;
  const lig = clamp(l, 0, 100) / 100;
  const q = lig < 0.5 ? lig * (1 + sat) : lig + sat - lig * sat;
  const p = 2 * lig - q;
  const channel = (offset: number): number => {
    let t = hue + offset;
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1 / 6) return p + (q - p) * 6 * t;
    if (t < 1 / 2) return q;
    if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
    return p;
  };
  return rgbToHex(channel(1 / 3) * 255, channel(0) * 255, channel(-1 / 3) * 255);
}

function rgbToHex(r: number, g: number, b: number): string {
  const part = (v: number): string =>
    Math.round(clamp(v, 0, 255))
      .toString(16)
      .padStart(2, '0');
  return `#${part(r)}${part(g)}${part(b)}`;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a: string, b: string, t: number): string {
  const [r1, g1, b1] = hexToRgb(a);
  const [r2, g2, b2] = hexToRgb(b);
  return rgbToHex(r1 + (r2 - r1) * t, g1 + (g2 - g1) * t, b1 + (b2 - b1) * t);
}

function jitter(rng: Rng, [h, s, l]: Hsl, amount = 1): string {
  return hslToHex([
    h + rng.range(-8, 8) * amount,
    s + rng.range(-5, 5) * amount,
    l + rng.range(-3, 3) * amount,
  ]);
}

// ---------------------------------------------------------------- prompt words

const THEME_WORDS: Record<Exclude<Theme, 'default'>, readonly string[]> = {
  space: ['galaxy', 'galaxies', 'space', 'cosmos', 'cosmic', 'nebula', 'nebulae', 'universe'],
  city: ['city', 'cities', 'skyline', 'town', 'street', 'urban', 'building', 'downtown'],
  ocean: ['ocean', 'sea', 'water', 'wave', 'beach', 'lake', 'coast', 'shore', 'surf', 'seascape'],
  fire: ['fire', 'lava', 'volcano', 'volcanic', 'flame', 'inferno', 'magma', 'ember', 'burning'],
  desert: ['desert', 'sand', 'sandy', 'dune', 'canyon', 'sahara', 'arid'],
  snow: ['snow', 'snowy', 'winter', 'ice', 'icy', 'frozen', 'glacier', 'arctic', 'frost', 'polar'],
  forest: ['forest', 'tree', 'jungle', 'wood', 'woods', 'woodland', 'pine', 'grove', 'rainforest'],
  sunset: ['sunset', 'dusk', 'dawn', 'sunrise', 'evening', 'twilight', 'golden'],
  night: ['night', 'midnight', 'star', 'starry', 'moon', 'moonlight', 'moonlit', 'nocturnal'],
};

// Earlier themes win: "city at night" is a city, "sunset over the sea" is an ocean.
const THEME_PRIORITY = [
  'space',
  'city',
  'ocean',
  'fire',
  'desert',
  'snow',
  'forest',
  'sunset',
  'night',
] as const;

const DAY_WORDS = ['day', 'noon', 'midday', 'morning', 'sunny', 'daylight', 'afternoon'];
const STORM_WORDS = [
  'storm',
  'stormy',
  'thunder',
  'rain',
  'rainy',
  'overcast',
  'tempest',
  'gloomy',
];
const MIST_WORDS = ['fog', 'foggy', 'mist', 'misty', 'haze', 'hazy', 'quiet', 'calm', 'serene'];
const MOUNTAIN_WORDS = ['mountain', 'peak', 'alps', 'cliff', 'summit', 'ridge', 'range'];
const HILL_WORDS = ['hill', 'valley', 'meadow', 'field', 'countryside', 'prairie'];
const JUNGLE_WORDS = ['jungle', 'rainforest', 'tropical', 'palm'];

function promptWords(prompt: string): Set<string> {
  const words = new Set<string>();
  for (const word of prompt.toLowerCase().split(/[^a-z]+/)) {
    if (!word) continue;
    words.add(word);
    // Crude singulars so "waves", "trees", "stars", "cities" match their keyword.
    if (word.endsWith('ies')) words.add(`${word.slice(0, -3)}y`);
    if (word.endsWith('es')) words.add(word.slice(0, -2));
    if (word.endsWith('s')) words.add(word.slice(0, -1));
  }
  return words;
}

function hasAny(words: Set<string>, list: readonly string[]): boolean {
  return list.some((w) => words.has(w));
}

// ---------------------------------------------------------------- palette

type Palette = {
  skyTop: string;
  skyMid: string;
  skyHorizon: string;
  far: string;
  near: string;
  accent: string;
};

const LAND: Record<Theme, { far: Hsl; near: Hsl; accent: Hsl }> = {
  sunset: { far: [214, 22, 60], near: [208, 30, 22], accent: [0, 0, 100] },
  night: { far: [214, 22, 60], near: [208, 30, 22], accent: [0, 0, 100] },
  default: { far: [214, 22, 60], near: [208, 30, 22], accent: [0, 0, 100] },
  forest: { far: [150, 24, 46], near: [148, 48, 12], accent: [70, 90, 70] },
  ocean: { far: [190, 58, 50], near: [214, 68, 16], accent: [185, 60, 92] },
  desert: { far: [34, 58, 70], near: [20, 58, 38], accent: [40, 80, 90] },
  snow: { far: [214, 22, 60], near: [205, 35, 94], accent: [200, 45, 98] },
  city: { far: [226, 18, 46], near: [232, 24, 14], accent: [44, 95, 68] },
  fire: { far: [6, 38, 20], near: [0, 20, 6], accent: [22, 100, 55] },
  space: { far: [266, 30, 18], near: [262, 40, 5], accent: [300, 80, 70] },
};

function buildPalette(theme: Theme, time: TimeOfDay, stormy: boolean, style: Rng): Palette {
  let sky: [Hsl, Hsl, Hsl];
  if (theme === 'fire') {
    sky = [
      [345, 55, 10],
      [5, 70, 30],
      [24, 95, 55],
    ];
  } else if (theme === 'space') {
    sky = [
      [258, 60, 5],
      [268, 50, 12],
      [290, 45, 24],
    ];
  } else if (time === 'night') {
    sky = [
      [232, 58, 7],
      [242, 45, 17],
      [262, 35, 32],
    ];
  } else if (stormy) {
    sky = [[215, 14, 24], [210, 12, 42], time === 'golden' ? [25, 40, 58] : [200, 12, 66]];
  } else if (time === 'golden') {
    sky = [
      [250, 38, 28],
      [330, 50, 60],
      [30, 92, 68],
    ];
  } else if (theme === 'desert') {
    sky = [
      [205, 60, 48],
      [200, 55, 72],
      [38, 60, 86],
    ];
  } else if (theme === 'snow') {
    sky = [
      [208, 45, 56],
      [202, 45, 80],
      [195, 35, 94],
    ];
  } else {
    sky = [
      [212, 62, 44],
      [204, 66, 68],
      [42, 55, 88],
    ];
  }

  const land = LAND[theme];
  let far: Hsl = land.far;
  let near: Hsl = land.near;
  if (theme === 'default') {
    // No keyword: an analogous palette around a hue taken from the hash.
    const hue = style.range(0, 360);
    sky =
      time === 'golden'
        ? [
            [hue, 38, 26],
            [hue + 30, 50, 56],
            [hue + 60, 80, 74],
          ]
        : [
            [hue, 42, 36],
            [hue + 28, 48, 64],
            [hue + 55, 62, 86],
          ];
    far = [hue + 15, 22, 58];
    near = [hue - 15, 34, 18];
  }
  if (theme === 'ocean' && stormy) {
    far = [200, 18, 42];
    near = [210, 32, 14];
  }

  const skyTop = jitter(style, sky[0]);
  const skyMid = jitter(style, sky[1]);
  const skyHorizon = jitter(style, sky[2]);
  let farHex = jitter(style, far);
  let nearHex = jitter(style, near);
  if (theme !== 'fire' && theme !== 'space') {
    if (theme === 'snow') {
      if (time === 'golden') nearHex = mix(nearHex, skyMid, 0.25);
      if (time === 'night') nearHex = mix(nearHex, '#3b4470', 0.6);
    }
    if (time === 'golden' && theme === 'ocean') {
      // Water mirrors the sky: a teal/pink average turns grey, so tint it from the sky instead.
      farHex = mix(skyMid, '#2a1838', 0.3);
    } else if (time === 'golden') {
      farHex = mix(farHex, skyMid, 0.45);
      if (theme !== 'snow') nearHex = mix(nearHex, '#2a1838', 0.45);
    } else if (time === 'night') {
      farHex = mix(farHex, '#252a4a', 0.7);
      if (theme !== 'snow') nearHex = mix(nearHex, '#07081a', 0.75);
    }
  }
  let accent = jitter(style, land.accent, 0.5);
  if (theme === 'city' && time === 'day') accent = '#cfe3f2';
  return { skyTop, skyMid, skyHorizon, far: farHex, near: nearHex, accent };
}

// ---------------------------------------------------------------- shapes

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}

function normalise(values: number[]): number[] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi - lo || 1;
  return values.map((v) => (v - lo) / span);
}

/** Midpoint displacement: a jagged 0…1 profile with 2^power + 1 samples. */
function fractalProfile(rng: Rng, power: number, roughness: number): number[] {
  const n = 2 ** power + 1;
  const v: number[] = new Array<number>(n).fill(0);
  v[0] = rng.next();
  v[n - 1] = rng.next();
  let step = n - 1;
  let scale = 1;
  while (step > 1) {
    const half = step / 2;
    for (let i = half; i < n; i += step) {
      v[i] = ((v[i - half] ?? 0) + (v[i + half] ?? 0)) / 2 + (rng.next() * 2 - 1) * scale;
    }
    scale *= roughness;
    step = half;
  }
  return normalise(v);
}

/** A few summed sines: a smooth 0…1 profile. */
function smoothProfile(rng: Rng, count: number, lowFreq: number): number[] {
  const waves = [1, 2.3, 4.7].map((f, k) => ({
    freq: f * lowFreq * rng.range(0.7, 1.3),
    phase: rng.range(0, Math.PI * 2),
    amp: 0.55 ** k,
  }));
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const u = i / (count - 1);
    let sum = 0;
    for (const w of waves) sum += w.amp * Math.sin(u * Math.PI * 2 * w.freq + w.phase);
    values.push(sum);
  }
  return normalise(values);
}

/** Sharp crests with a gentle swell underneath. */
function waveProfile(rng: Rng, count: number, crests: number): number[] {
  const phase = rng.range(0, Math.PI);
  const swellPhase = rng.range(0, Math.PI * 2);
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const u = i / (count - 1);
    const chop = (1 - Math.abs(Math.sin(u * Math.PI * crests + phase))) ** 2;
    values.push(0.75 * chop + 0.25 * Math.sin(u * Math.PI * 2 * 1.3 + swellPhase));
  }
  return normalise(values);
}

function toPoints(profile: number[], width: number, base: number, amp: number, height: number) {
  const last = profile.length - 1;
  return profile.map((v, i) => ({
    x: (i / last) * width,
    y: clamp(base - v * amp, 0, height),
  }));
}

function surfaceAt(points: Point[], x: number): number {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a && b && x <= b.x) {
      const t = b.x === a.x ? 0 : (x - a.x) / (b.x - a.x);
      return a.y + (b.y - a.y) * t;
    }
  }
  return points[points.length - 1]?.y ?? 0;
}

function land(
  style: LandLayer['style'],
  points: Point[],
  color: string,
  shade: string,
  smooth: boolean,
): LandLayer {
  return {
    type: 'land',
    style,
    points,
    smooth,
    color,
    shade,
    crest: null,
    snowLine: null,
    snowColor: '#ffffff',
    trees: [],
    treeStyle: 'pine',
    treeColor: color,
  };
}

// ---------------------------------------------------------------- scene

type Ctx = {
  r: Rng;
  theme: Theme;
  terrain: Terrain;
  time: TimeOfDay;
  stormy: boolean;
  misty: boolean;
  jungle: boolean;
  forested: boolean;
  W: number;
  H: number;
  /** The shorter side: sizes scale with it so portrait and landscape look alike. */
  m: number;
  horizonY: number;
  palette: Palette;
};

export function describeScene(spec: PictureSpec): Scene {
  const W = spec.width;
  const H = spec.height;
  const m = Math.min(W, H);
  const prompt = spec.prompt.trim().toLowerCase().replace(/\s+/g, ' ');
  // Palette and mood come from prompt + seed; the image index only moves the shapes around.
  const style = makeRng(`style|${prompt}|${spec.seed}`);
  const r = makeRng(`detail|${prompt}|${spec.seed}|${spec.index}`);

  const words = promptWords(prompt);
  const theme: Theme = THEME_PRIORITY.find((t) => hasAny(words, THEME_WORDS[t])) ?? 'default';
  const stormy = hasAny(words, STORM_WORDS);
  const misty = hasAny(words, MIST_WORDS);

  let time: TimeOfDay;
  if (theme === 'space' || hasAny(words, THEME_WORDS.night)) time = 'night';
  else if (theme === 'fire' || hasAny(words, THEME_WORDS.sunset)) time = 'golden';
  else if (hasAny(words, DAY_WORDS)) time = 'day';
  else if (theme === 'city') time = style.chance(0.5) ? 'night' : 'golden';
  else if (theme === 'default') time = style.chance(0.6) ? 'day' : 'golden';
  else time = 'day';

  let terrain: Terrain;
  if (theme === 'city') terrain = 'skyline';
  else if (theme === 'ocean') terrain = 'waves';
  else if (theme === 'desert') terrain = 'dunes';
  else if (theme === 'snow' || theme === 'fire') terrain = 'mountains';
  else if (theme === 'forest' || theme === 'space') terrain = 'hills';
  else if (hasAny(words, MOUNTAIN_WORDS)) terrain = 'mountains';
  else if (hasAny(words, HILL_WORDS)) terrain = 'hills';
  else terrain = style.chance(0.6) ? 'mountains' : 'hills';

  const palette = buildPalette(theme, time, stormy, style);

  const horizonRange: Record<Terrain, [number, number]> = {
    mountains: [0.58, 0.68],
    hills: theme === 'space' ? [0.8, 0.86] : [0.56, 0.66],
    waves: [0.5, 0.58],
    dunes: [0.58, 0.66],
    skyline: [0.84, 0.9],
  };
  const [hLo, hHi] = horizonRange[terrain];
  const horizonY = H * r.range(hLo, hHi);

  const sky: ColorStop[] = [
    { offset: 0, color: palette.skyTop },
    { offset: r.range(0.45, 0.6), color: palette.skyMid },
    { offset: 1, color: palette.skyHorizon },
  ];

  const ctx: Ctx = {
    r,
    theme,
    terrain,
    time,
    stormy,
    misty,
    jungle: hasAny(words, JUNGLE_WORDS),
    forested: hasAny(words, THEME_WORDS.forest),
    W,
    H,
    m,
    horizonY,
    palette,
  };
  const celestial = makeCelestial(ctx);
  const stars = makeStars(ctx);
  const nebulae = theme === 'space' ? makeNebulae(ctx) : [];
  const clouds = makeClouds(ctx);
  const layers = terrain === 'skyline' ? makeCity(ctx) : makeLandscape(ctx);
  if (terrain === 'waves' && celestial && !stormy) layers.push(makeGlints(ctx, celestial));

  return {
    width: W,
    height: H,
    theme,
    terrain,
    time,
    stormy,
    horizonY,
    sky,
    nebulae,
    stars,
    celestial,
    clouds,
    layers,
    particles: makeParticles(ctx),
    vignette: r.range(0.18, 0.3),
    label: SANDBOX_LABEL,
  };
}

function makeCelestial(ctx: Ctx): Celestial | null {
  const { r, theme, time, stormy, W, H, m, horizonY, palette } = ctx;
  const x = W * r.range(0.18, 0.82);
  if (theme === 'space') {
    if (!r.chance(0.75)) return null;
    const radius = m * r.range(0.07, 0.13);
    return {
      kind: 'planet',
      x,
      y: clamp(H * r.range(0.18, 0.4), radius, horizonY),
      radius,
      color: hslToHex([r.range(0, 360), 45, 62]),
      glow: mix(palette.skyHorizon, '#ffffff', 0.3),
      glowRadius: radius * 2.2,
    };
  }
  if (time === 'night') {
    if (!r.chance(0.85)) return null;
    const radius = m * r.range(0.035, 0.055);
    return {
      kind: 'moon',
      x,
      y: H * r.range(0.12, 0.32),
      radius,
      color: '#f5f1e3',
      glow: '#b9c6ff',
      glowRadius: radius * r.range(4, 6),
    };
  }
  if (stormy && !r.chance(0.3)) return null;
  if (time === 'golden') {
    const radius = m * r.range(0.07, 0.11);
    return {
      kind: 'sun',
      x,
      y: clamp(horizonY - radius * r.range(0.2, 1.6), 0, H),
      radius,
      color: theme === 'fire' ? '#ffb060' : '#fff0c0',
      glow: theme === 'fire' ? '#ff5a1f' : '#ff9a4a',
      glowRadius: radius * r.range(5, 7),
    };
  }
  const radius = m * r.range(0.04, 0.06);
  return {
    kind: 'sun',
    x,
    y: H * r.range(0.12, 0.28),
    radius,
    color: '#fffbea',
    glow: '#fff1b8',
    glowRadius: radius * r.range(4, 6),
  };
}

function makeStars(ctx: Ctx): Dot[] {
  const { r, theme, time, W, H, m, horizonY } = ctx;
  if (time !== 'night') return [];
  const area = (W * H) / (1024 * 1024);
  const count = Math.round(clamp(area * (theme === 'space' ? 520 : 240), 60, 600));
  const scale = m / 512;
  const stars: Dot[] = [];
  // Space scenes get a Milky-Way band: part of the stars cluster around a diagonal line.
  const bandAngle = r.range(-0.6, 0.6);
  const bandY = horizonY * r.range(0.3, 0.6);
  for (let i = 0; i < count; i++) {
    const x = r.range(0, W);
    let y = r.range(0, horizonY * 0.98);
    if (theme === 'space' && i % 2 === 0) {
      const offset = (r.next() + r.next() + r.next() - 1.5) * m * 0.12;
      y = clamp(bandY + (x - W / 2) * Math.tan(bandAngle) + offset, 0, horizonY * 0.98);
    }
    const bright = r.chance(0.06);
    stars.push({
      x,
      y,
      radius: (bright ? r.range(1.3, 2) : r.range(0.4, 1.1)) * scale,
      color: r.chance(0.2) ? '#ffe9c4' : r.chance(0.2) ? '#c8d8ff' : '#ffffff',
      alpha: bright ? 1 : r.range(0.35, 0.9),
    });
  }
  return stars;
}

function makeNebulae(ctx: Ctx): Dot[] {
  const { r, W, H, m, horizonY } = ctx;
  const hues = [280, 320, 200, 250];
  // More, overlapping clouds on wide or tall canvases so they merge into one band.
  const count = Math.min(16, Math.round(r.int(4, 6) * (Math.max(W, H) / m)));
  const cx = W * r.range(0.3, 0.7);
  const cy = horizonY * r.range(0.35, 0.55);
  const angle = r.range(-0.6, 0.6);
  const nebulae: Dot[] = [];
  for (let i = 0; i < count; i++) {
    const along = (i / (count - 1) - 0.5) * W * 0.9;
    nebulae.push({
      x: clamp(cx + along * Math.cos(angle), 0, W),
      y: clamp(cy + along * Math.sin(angle) + r.range(-0.08, 0.08) * H, 0, horizonY),
      radius: m * r.range(0.28, 0.45),
      color: hslToHex([(hues[i % hues.length] ?? 280) + r.range(-15, 15), 70, 55]),
      alpha: r.range(0.3, 0.5),
    });
  }
  return nebulae;
}

function makeClouds(ctx: Ctx): Cloud[] {
  const { r, theme, time, stormy, W, H, m, horizonY, palette } = ctx;
  if (theme === 'space' || theme === 'fire') return [];
  let count: number;
  let color: string;
  let shade: string;
  let alpha: number;
  if (stormy) {
    count = r.int(3, 4);
    color = mix(palette.skyMid, '#ffffff', 0.12);
    shade = mix(palette.skyTop, '#10141a', 0.3);
    alpha = 0.92;
  } else if (time === 'night') {
    count = r.int(0, 2);
    color = mix(palette.skyHorizon, '#ffffff', 0.15);
    shade = palette.skyMid;
    alpha = 0.4;
  } else if (time === 'golden') {
    count = r.int(2, 4);
    color = mix(palette.skyHorizon, '#ffffff', 0.25);
    shade = mix(palette.skyMid, palette.skyTop, 0.35);
    alpha = 0.8;
  } else {
    count = r.int(2, 5);
    color = '#ffffff';
    shade = mix(palette.skyMid, '#ffffff', 0.45);
    alpha = 0.9;
  }
  const clouds: Cloud[] = [];
  for (let i = 0; i < count; i++) {
    // Storms get a few long, overlapping cloud banks stacked down from the top edge.
    const width = stormy ? W * r.range(0.8, 1.3) : m * r.range(0.16, 0.34);
    const cx = stormy ? W * r.range(0.2, 0.8) : r.range(0, W);
    const baseY = clamp(
      stormy ? H * (0.08 + 0.09 * i) * r.range(0.9, 1.1) : r.range(H * 0.08, horizonY * 0.62),
      0,
      horizonY,
    );
    const n = stormy ? r.int(9, 13) : r.int(5, 8);
    const puffs: Cloud['puffs'] = [];
    for (let k = 0; k < n; k++) {
      const u = k / (n - 1);
      const radius = width * r.range(0.1, 0.16) * (1.2 - Math.abs(u - 0.5)) * (stormy ? 0.8 : 1);
      puffs.push({
        x: clamp(cx + (u - 0.5) * width, 0, W),
        y: clamp(baseY - radius * r.range(0.1, 0.6), 0, H),
        radius,
      });
    }
    const lift = stormy ? i / Math.max(1, count - 1) : 0;
    clouds.push({
      baseY,
      puffs,
      color: mix(color, palette.skyHorizon, lift * 0.3),
      shade: mix(shade, color, lift * 0.3),
      alpha: alpha * r.range(0.85, 1),
      soft: stormy,
    });
  }
  return clouds;
}

function makeLandscape(ctx: Ctx): Layer[] {
  const { r, theme, terrain, time, stormy, misty, W, H, m, horizonY, palette } = ctx;
  const layers: Layer[] = [];
  const n = terrain === 'waves' ? r.int(4, 5) : r.int(3, 5);
  // Heights scale with the canvas height, but not so much that a tall portrait gets spikes.
  const A = Math.min(H, W * 1.3);
  // Wide panoramas get proportionally more bumps so they are not stretched flat.
  const wide = Math.max(1, W / H);
  const smoothCount = Math.round(28 * wide);
  const below = H - horizonY;
  const mistColor =
    theme === 'snow' ? '#ffffff' : time === 'night' ? palette.skyMid : palette.skyHorizon;

  for (let i = 0; i < n; i++) {
    const t = n === 1 ? 1 : i / (n - 1);
    // Far layers fade into the horizon colour: cheap aerial perspective.
    const base = mix(palette.far, palette.near, t ** 0.85);
    const color = mix(base, palette.skyHorizon, (1 - t) * (theme === 'snow' ? 0.15 : 0.3));
    const shade = mix(color, palette.near, 0.35 + 0.25 * t);
    let layer: LandLayer;

    if (terrain === 'waves') {
      const baseY = horizonY + below * (0.02 + 0.85 * t ** 1.3);
      const amp = A * (0.004 + (stormy ? 0.13 : 0.07) * t ** 1.3);
      const crests = (stormy ? 4 : 6) * (1.6 - t) * r.range(0.8, 1.2) * (W / m);
      const profile =
        i === 0 ? smoothProfile(r, 16, 1) : waveProfile(r, Math.ceil(crests * 8) + 9, crests);
      const points = toPoints(profile, W, baseY, amp, H);
      if (i === 0) {
        layer = land('waves', points, color, shade, true);
      } else {
        // Lighter crests over darker troughs make each band read as a separate wave.
        const top = mix(color, palette.accent, 0.22 + 0.12 * t);
        layer = land('waves', points, top, mix(color, palette.near, 0.6), true);
        layer.crest = {
          color: palette.accent,
          alpha: 0.2 + 0.35 * t,
          width: Math.max(1, m * 0.006 * (0.4 + t)),
          blur: 0,
        };
      }
    } else if (terrain === 'dunes') {
      const baseY = horizonY + below * (0.05 + 0.7 * t);
      const amp = A * r.range(0.07, 0.12) * (1 - 0.4 * t);
      const profile = smoothProfile(r, smoothCount, r.range(0.5, 1) * wide ** 0.7);
      layer = land('dunes', toPoints(profile, W, baseY, amp, H), color, shade, true);
    } else {
      const baseY = horizonY + below * (0.04 + 0.7 * t);
      const jagged = terrain === 'mountains' && t < 0.7;
      if (jagged) {
        const amp = Math.min(A * r.range(0.24, 0.34) * (1 - 0.45 * t), baseY - H * 0.08);
        const power = 6 + (wide >= 2 ? 1 : 0) + (wide >= 4 ? 1 : 0);
        const profile = fractalProfile(r, power, r.range(0.48, 0.58));
        layer = land('ridge', toPoints(profile, W, baseY, amp, H), color, shade, false);
        if (theme === 'snow' || (theme !== 'fire' && time === 'day' && r.chance(0.6))) {
          layer.snowLine = snowLine(r, layer.points, baseY - amp * r.range(0.68, 0.78), m);
          const snow = theme === 'snow' ? palette.accent : mix(palette.skyHorizon, '#ffffff', 0.5);
          layer.snowColor = mix(snow, color, 0.15 + 0.35 * (1 - t));
        }
      } else {
        const amp = A * r.range(0.07, 0.13) * (terrain === 'mountains' ? 1.3 : 1);
        const profile = smoothProfile(r, smoothCount, r.range(0.6, 1.2) * wide ** 0.7);
        layer = land('hills', toPoints(profile, W, baseY, amp, H), color, shade, true);
      }
      if (theme === 'fire') {
        layer.crest = {
          color: palette.accent,
          alpha: 0.35 + 0.55 * t,
          width: Math.max(1, m * 0.003),
          blur: m * 0.02,
        };
      }
      const wooded = theme === 'forest' ? i > 0 : ctx.forested && layer.style === 'hills';
      if (wooded && theme !== 'fire') {
        layer.treeStyle = ctx.jungle ? 'round' : 'pine';
        layer.trees = makeTrees(r, layer.points, W, H, m, t, ctx.jungle);
        if (theme === 'snow') {
          const fir = time === 'night' ? '#0f1c2a' : '#1d3b3a';
          layer.treeColor = mix(fir, palette.skyHorizon, (1 - t) * 0.5);
        }
      }
    }
    layers.push(layer);

    const wantMist = terrain === 'waves' ? i === 0 : i < n - 1 && r.chance(misty ? 0.9 : 0.55);
    if (wantMist) {
      const h = H * r.range(0.06, 0.12) * (misty ? 1.5 : 1);
      const top =
        terrain === 'waves' ? horizonY - h * 0.6 : horizonY + below * (0.04 + 0.7 * t) - h;
      const y = clamp(top, 0, H - h);
      layers.push({ type: 'mist', y, h, color: mistColor, alpha: r.range(0.25, 0.45) });
    }
  }
  return layers;
}

/** The lower edge of the snow caps: a zig-zag around `level`, never above the ridge itself. */
function snowLine(r: Rng, ridge: Point[], level: number, m: number): Point[] {
  let drip = 0;
  return ridge.map(({ x, y }) => {
    drip = clamp(drip + r.range(-0.018, 0.018) * m, -0.015 * m, 0.05 * m);
    return { x, y: Math.max(y, level + drip) };
  });
}

function makeTrees(
  r: Rng,
  points: Point[],
  W: number,
  H: number,
  m: number,
  t: number,
  round: boolean,
): Tree[] {
  const trees: Tree[] = [];
  const size = m * (0.035 + 0.07 * t) * (round ? 1.3 : 1);
  let x = r.range(0, size * 0.5);
  while (x < W) {
    const height = size * r.range(0.7, 1.3);
    // Trees sit a little into the ground so the smoothed outline never leaves them floating.
    const y = clamp(surfaceAt(points, x) + height * 0.15, 0, H);
    const width = height * (round ? r.range(0.45, 0.6) : r.range(0.32, 0.42));
    trees.push({ x, y, width, height: Math.min(height, y) });
    x += size * (round ? r.range(0.3, 0.55) : r.range(0.25, 0.6));
  }
  return trees;
}

function makeCity(ctx: Ctx): Layer[] {
  const { r, time, W, H, m, palette } = ctx;
  const groundY = ctx.horizonY;
  const layers: Layer[] = [];
  if (r.chance(0.6)) {
    const profile = smoothProfile(r, 24, 0.8);
    const far = mix(palette.far, palette.skyHorizon, 0.5);
    layers.push(land('hills', toPoints(profile, W, groundY, H * 0.25, H), far, far, true));
    layers.push({
      type: 'mist',
      y: groundY - H * 0.25,
      h: H * 0.25,
      color: palette.skyHorizon,
      alpha: 0.35,
    });
  }
  const rows = [
    { tall: [0.25, 0.5], wide: [0.05, 0.1], t: 0.45, lit: time === 'night' ? 0.22 : 0.12 },
    { tall: [0.12, 0.36], wide: [0.06, 0.13], t: 1, lit: time === 'night' ? 0.4 : 0.22 },
  ] as const;
  for (const row of rows) {
    const color = mix(
      mix(palette.far, palette.near, row.t),
      palette.skyHorizon,
      (1 - row.t) * 0.35,
    );
    const buildings: Building[] = [];
    const windows: Rect[] = [];
    let x = -r.range(0, W * 0.04);
    while (x < W) {
      const w = W * r.range(row.wide[0], row.wide[1]);
      const h = H * r.range(row.tall[0], row.tall[1]);
      const left = Math.max(0, x);
      const right = Math.min(W, x + w);
      const y = groundY - h;
      const roof = r.chance(0.7) ? 'flat' : r.chance(0.5) ? 'spire' : 'antenna';
      const roofHeight = roof === 'flat' ? 0 : Math.min(y, h * r.range(0.12, 0.3));
      buildings.push({
        x: left,
        y,
        w: right - left,
        h,
        color: mix(color, r.chance(0.5) ? '#000000' : palette.skyMid, r.range(0, 0.18)),
        roof,
        roofHeight,
      });
      const cell = Math.max(5, m * r.range(0.014, 0.02) * (0.6 + 0.4 * row.t));
      const winW = cell * 0.5;
      const winH = cell * 0.62;
      for (let wy = y + cell * 0.8; wy + winH < groundY - cell * 0.3; wy += cell) {
        for (let wx = left + cell * 0.5; wx + winW < right - cell * 0.3; wx += cell) {
          if (r.chance(row.lit)) windows.push({ x: wx, y: wy, w: winW, h: winH });
        }
      }
      x += w + W * r.range(0, 0.012);
    }
    layers.push({
      type: 'skyline',
      buildings,
      windows,
      windowColor: palette.accent,
      windowAlpha: time === 'night' ? 0.95 : time === 'golden' ? 0.8 : 0.5,
    });
    if (row.t < 1) {
      layers.push({
        type: 'mist',
        y: groundY - H * 0.12,
        h: H * 0.12,
        color: palette.skyHorizon,
        alpha: 0.25,
      });
    }
  }
  const ground = [
    { x: 0, y: groundY },
    { x: W, y: groundY },
  ];
  layers.push(land('hills', ground, palette.near, mix(palette.near, '#000000', 0.4), false));
  return layers;
}

function makeGlints(ctx: Ctx, celestial: Celestial): GlintLayer {
  const { r, W, H, m, horizonY } = ctx;
  const glints: Rect[] = [];
  const rows = Math.round((H - horizonY) / (m * 0.012));
  for (let i = 0; i < rows; i++) {
    const depth = i / rows;
    const y = horizonY + (H - horizonY) * depth ** 1.2;
    const perRow = r.int(1, 3);
    for (let k = 0; k < perRow; k++) {
      if (!r.chance(0.75 - depth * 0.35)) continue;
      const spread = celestial.radius * (0.8 + 2.5 * depth);
      const w = m * r.range(0.01, 0.05) * (0.5 + depth);
      const cx = celestial.x + (r.next() + r.next() - 1) * spread;
      const x = clamp(cx - w / 2, 0, W);
      const h = Math.max(1, m * 0.003 * (0.6 + depth));
      glints.push({ x, y: clamp(y, 0, H - h), w: Math.min(w, W - x), h });
    }
  }
  return { type: 'glints', glints, color: celestial.color };
}

function makeParticles(ctx: Ctx): Dot[] {
  const { r, theme, time, W, H, m } = ctx;
  const area = (W * H) / (1024 * 1024);
  const scale = m / 512;
  const particles: Dot[] = [];
  if (theme === 'snow') {
    const count = Math.round(clamp(area * 160, 40, 200));
    for (let i = 0; i < count; i++) {
      particles.push({
        x: r.range(0, W),
        y: r.range(0, H),
        radius: r.range(0.8, 2.6) * scale,
        color: '#ffffff',
        alpha: r.range(0.45, 0.9),
      });
    }
  } else if (theme === 'fire') {
    const count = Math.round(clamp(area * 70, 20, 90));
    for (let i = 0; i < count; i++) {
      particles.push({
        x: r.range(0, W),
        y: r.range(H * 0.25, H),
        radius: r.range(0.6, 2) * scale,
        color: r.chance(0.5) ? '#ffb347' : '#ff6a2a',
        alpha: r.range(0.5, 1),
      });
    }
  } else if (theme === 'forest' && time === 'night') {
    const count = Math.round(clamp(area * 30, 10, 40));
    for (let i = 0; i < count; i++) {
      particles.push({
        x: r.range(0, W),
        y: r.range(H * 0.55, H),
        radius: r.range(1, 2) * scale,
        color: '#e8ff9a',
        alpha: r.range(0.5, 0.95),
      });
    }
  }
  return particles;
}

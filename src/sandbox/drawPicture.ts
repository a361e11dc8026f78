import {
  type Celestial,
  type Cloud,
  type Dot,
  describeScene,
  type LandLayer,
  type Layer,
  type PictureSpec,
  type Point,
  type Scene,
  type SkylineLayer,
} from './describeScene';

type Ctx2d = CanvasRenderingContext2D;

/** Renders the scene for `spec` and returns it as a JPEG data URL. */
export async function drawPicture(spec: PictureSpec): Promise<string> {
  return sceneCanvas(spec).toDataURL('image/jpeg', 0.88);
}

/** A canvas with the scene for `spec` painted on it. */
export function sceneCanvas(spec: PictureSpec): HTMLCanvasElement {
  const scene = describeScene(spec);
  const canvas = document.createElement('canvas');
  canvas.width = scene.width;
  canvas.height = scene.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  paintScene(ctx, scene);
  return canvas;
}

function paintScene(ctx: Ctx2d, scene: Scene): void {
  paintSky(ctx, scene);
  ctx.globalCompositeOperation = 'lighter';
  for (const glow of scene.nebulae) paintGlow(ctx, glow, glow.radius, glow.alpha);
  ctx.globalCompositeOperation = 'source-over';
  paintDots(ctx, scene.stars);
  if (scene.celestial) paintCelestial(ctx, scene.celestial);
  for (const cloud of scene.clouds) paintCloud(ctx, cloud, scene.width);
  for (const layer of scene.layers) paintLayer(ctx, layer, scene);
  paintDots(ctx, scene.particles);
  paintVignette(ctx, scene);
  paintLabel(ctx, scene);
}

function rgba(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function paintSky(ctx: Ctx2d, scene: Scene): void {
  const gradient = ctx.createLinearGradient(0, 0, 0, Math.max(1, scene.horizonY));
  for (const stop of scene.sky) gradient.addColorStop(stop.offset, stop.color);
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, scene.width, scene.height);
}

function paintGlow(ctx: Ctx2d, dot: Dot, radius: number, alpha: number): void {
  const gradient = ctx.createRadialGradient(dot.x, dot.y, 0, dot.x, dot.y, radius);
  gradient.addColorStop(0, rgba(dot.color, alpha));
  gradient.addColorStop(0.4, rgba(dot.color, alpha * 0.45));
  gradient.addColorStop(1, rgba(dot.color, 0));
  ctx.fillStyle = gradient;
  ctx.fillRect(dot.x - radius, dot.y - radius, radius * 2, radius * 2);
}

function paintDots(ctx: Ctx2d, dots: Dot[]): void {
  for (const dot of dots) {
    ctx.globalAlpha = dot.alpha;
    ctx.fillStyle = dot.color;
    ctx.beginPath();
    ctx.arc(dot.x, dot.y, dot.radius, 0, Math.PI * 2);
    ctx.fill();
    if (dot.radius > 1.6) {
      // A faint halo on the brightest dots only; a radial gradient per star would be slow.
      ctx.globalAlpha = dot.alpha * 0.18;
      ctx.beginPath();
      ctx.arc(dot.x, dot.y, dot.radius * 3, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
}

function paintCelestial(ctx: Ctx2d, body: Celestial): void {
  const halo = { x: body.x, y: body.y, radius: body.glowRadius, color: body.glow, alpha: 0 };
  paintGlow(ctx, halo, body.glowRadius, body.kind === 'sun' ? 0.55 : 0.35);

  ctx.save();
  ctx.shadowColor = body.glow;
  ctx.shadowBlur = body.radius * 0.8;
  ctx.fillStyle = body.color;
  ctx.beginPath();
  ctx.arc(body.x, body.y, body.radius, 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();

  if (body.kind === 'moon' || body.kind === 'planet') {
    ctx.save();
    ctx.beginPath();
    ctx.arc(body.x, body.y, body.radius, 0, Math.PI * 2);
    ctx.clip();
    // Terminator shading: a soft dark disc offset to one side.
    const r = body.radius;
    const shade = ctx.createRadialGradient(
      body.x - r * 0.35,
      body.y - r * 0.35,
      r * 0.2,
      body.x,
      body.y,
      r * 1.25,
    );
    shade.addColorStop(0, 'rgba(255, 255, 255, 0.15)');
    shade.addColorStop(0.7, 'rgba(20, 20, 50, 0.05)');
    shade.addColorStop(1, 'rgba(10, 10, 40, 0.55)');
    ctx.fillStyle = shade;
    ctx.fillRect(body.x - r, body.y - r, r * 2, r * 2);
    if (body.kind === 'moon') {
      ctx.fillStyle = 'rgba(120, 120, 150, 0.16)';
      for (const [dx, dy, cr] of [
        [-0.3, -0.2, 0.22],
        [0.25, 0.3, 0.16],
        [0.3, -0.35, 0.1],
        [-0.1, 0.45, 0.12],
      ] as const) {
        ctx.beginPath();
        ctx.arc(body.x + dx * r, body.y + dy * r, cr * r, 0, Math.PI * 2);
        ctx.fill();
      }
    } else {
      ctx.fillStyle = 'rgba(255, 255, 255, 0.12)';
      for (const band of [-0.45, -0.1, 0.3]) {
        ctx.fillRect(body.x - r, body.y + band * r, r * 2, r * 0.12);
      }
    }
    ctx.restore();
  }
}

function tracePuffs(ctx: Ctx2d, cloud: Cloud, lift: number): void {
  ctx.beginPath();
  for (const puff of cloud.puffs) {
    const y = puff.y - puff.radius * lift;
    ctx.moveTo(puff.x + puff.radius, y);
    ctx.arc(puff.x, y, puff.radius, 0, Math.PI * 2);
  }
}

function paintCloud(ctx: Ctx2d, cloud: Cloud, width: number): void {
  if (cloud.soft) {
    for (const puff of cloud.puffs) {
      const g = ctx.createRadialGradient(puff.x, puff.y, 0, puff.x, puff.y, puff.radius * 1.3);
      g.addColorStop(0, rgba(cloud.shade, cloud.alpha * 0.7));
      g.addColorStop(0.5, rgba(cloud.shade, cloud.alpha * 0.45));
      g.addColorStop(1, rgba(cloud.shade, 0));
      ctx.fillStyle = g;
      ctx.fillRect(
        puff.x - puff.radius * 1.3,
        puff.y - puff.radius * 1.3,
        puff.radius * 2.6,
        puff.radius * 2.6,
      );
    }
    return;
  }
  // Underside colour first, then the lit colour shifted up, both clipped to the cloud's outline:
  // a lit volume with a flat base, without an offscreen canvas.
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, width, cloud.baseY);
  ctx.clip();
  tracePuffs(ctx, cloud, 0);
  ctx.clip();
  ctx.globalAlpha = cloud.alpha;
  ctx.fillStyle = cloud.shade;
  ctx.fillRect(0, 0, width, cloud.baseY);
  ctx.fillStyle = cloud.color;
  tracePuffs(ctx, cloud, 0.22);
  ctx.fill();
  ctx.restore();
}

function traceOutline(ctx: Ctx2d, points: Point[], smooth: boolean): void {
  const first = points[0];
  if (!first) return;
  ctx.lineTo(first.x, first.y);
  if (!smooth) {
    for (const p of points) ctx.lineTo(p.x, p.y);
    return;
  }
  // Quadratic curves through the midpoints keep the outline smooth without overshooting.
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i];
    const q = points[i + 1];
    if (p && q) ctx.quadraticCurveTo(p.x, p.y, (p.x + q.x) / 2, (p.y + q.y) / 2);
  }
  const last = points[points.length - 1];
  if (last) ctx.lineTo(last.x, last.y);
}

function paintLayer(ctx: Ctx2d, layer: Layer, scene: Scene): void {
  switch (layer.type) {
    case 'land':
      paintLand(ctx, layer, scene);
      return;
    case 'skyline':
      paintSkyline(ctx, layer, scene);
      return;
    case 'mist': {
      const gradient = ctx.createLinearGradient(0, layer.y, 0, layer.y + layer.h);
      gradient.addColorStop(0, rgba(layer.color, 0));
      gradient.addColorStop(0.6, rgba(layer.color, layer.alpha));
      gradient.addColorStop(1, rgba(layer.color, 0));
      ctx.fillStyle = gradient;
      ctx.fillRect(0, layer.y, scene.width, layer.h);
      return;
    }
    case 'glints':
      ctx.fillStyle = layer.color;
      for (const g of layer.glints) {
        ctx.globalAlpha = 0.35 + 0.45 * ((g.y - scene.horizonY) / (scene.height - scene.horizonY));
        ctx.fillRect(g.x, g.y, g.w, g.h);
      }
      ctx.globalAlpha = 1;
      return;
  }
}

function paintLand(ctx: Ctx2d, layer: LandLayer, scene: Scene): void {
  const { width, height } = scene;
  let top = height;
  let bottom = 0;
  for (const p of layer.points) {
    top = Math.min(top, p.y);
    bottom = Math.max(bottom, p.y);
  }
  for (const tree of layer.trees) top = Math.min(top, tree.y - tree.height);
  // Waves shade from crest to trough, which is what makes each band read as a separate wave.
  const fillEnd =
    layer.style === 'waves' ? Math.min(height, bottom + (bottom - top) * 0.3) : height;

  const fill = ctx.createLinearGradient(0, top, 0, Math.max(top + 1, fillEnd));
  fill.addColorStop(0, layer.color);
  fill.addColorStop(1, layer.shade);

  ctx.beginPath();
  ctx.moveTo(0, height);
  traceOutline(ctx, layer.points, layer.smooth);
  ctx.lineTo(width, height);
  ctx.closePath();
  const ownTreeColor = layer.treeColor !== layer.color;
  if (!ownTreeColor) for (const tree of layer.trees) traceTree(ctx, tree, layer.treeStyle);
  ctx.fillStyle = fill;
  ctx.fill();

  if (layer.snowLine) {
    ctx.save();
    ctx.beginPath();
    ctx.moveTo(0, height);
    traceOutline(ctx, layer.points, layer.smooth);
    ctx.lineTo(width, height);
    ctx.closePath();
    ctx.clip();
    ctx.beginPath();
    ctx.moveTo(0, 0);
    traceOutline(ctx, layer.snowLine, false);
    ctx.lineTo(width, 0);
    ctx.closePath();
    ctx.fillStyle = layer.snowColor;
    ctx.fill();
    ctx.restore();
  }

  if (ownTreeColor && layer.trees.length > 0) {
    ctx.beginPath();
    for (const tree of layer.trees) traceTree(ctx, tree, layer.treeStyle);
    ctx.fillStyle = layer.treeColor;
    ctx.fill();
  }

  if (layer.crest) {
    ctx.save();
    ctx.globalAlpha = layer.crest.alpha;
    ctx.strokeStyle = layer.crest.color;
    ctx.lineWidth = layer.crest.width;
    ctx.lineJoin = 'round';
    if (layer.crest.blur > 0) {
      ctx.shadowColor = layer.crest.color;
      ctx.shadowBlur = layer.crest.blur;
    }
    if (layer.style === 'waves') {
      // Foam only on the crests: clip away the troughs.
      ctx.beginPath();
      ctx.rect(0, 0, width, top + (bottom - top) * 0.5);
      ctx.clip();
    }
    ctx.beginPath();
    const first = layer.points[0];
    if (first) ctx.moveTo(first.x, first.y);
    traceOutline(ctx, layer.points, layer.smooth);
    ctx.stroke();
    ctx.restore();
  }
}

function traceTree(ctx: Ctx2d, tree: LandLayer['trees'][number], style: 'pine' | 'round'): void {
  const { x, y, width: w, height: h } = tree;
  const trunk = w * 0.12;
  if (style === 'round') {
    const r = w * 0.7;
    ctx.rect(x - trunk, y - h + r, trunk * 2, h - r);
    for (const [dx, dy, k] of [
      [0, 0, 1],
      [-0.75, 0.55, 0.75],
      [0.75, 0.5, 0.8],
    ] as const) {
      const cx = x + dx * r;
      const cy = y - h + r + dy * r;
      ctx.moveTo(cx + r * k, cy);
      ctx.arc(cx, cy, r * k, 0, Math.PI * 2);
    }
    return;
  }
  ctx.rect(x - trunk, y - h * 0.25, trunk * 2, h * 0.25);
  // Three stacked tiers make a fir rather than a plain triangle.
  for (let tier = 0; tier < 3; tier++) {
    const tierTop = y - h + (tier * h) / 4.2;
    const tierBottom = y - h * 0.18 - ((2 - tier) * h) / 5;
    const half = (w / 2) * (0.55 + 0.22 * tier);
    ctx.moveTo(x, tierTop);
    ctx.lineTo(x + half, tierBottom);
    ctx.lineTo(x - half, tierBottom);
    ctx.closePath();
  }
}

function paintSkyline(ctx: Ctx2d, layer: SkylineLayer, scene: Scene): void {
  for (const b of layer.buildings) {
    ctx.fillStyle = b.color;
    ctx.fillRect(b.x, b.y, b.w, b.h + 1);
    if (b.roof === 'spire' && b.roofHeight > 0) {
      ctx.beginPath();
      ctx.moveTo(b.x + b.w * 0.2, b.y + 0.5);
      ctx.lineTo(b.x + b.w / 2, b.y - b.roofHeight);
      ctx.lineTo(b.x + b.w * 0.8, b.y + 0.5);
      ctx.closePath();
      ctx.fill();
    } else if (b.roof === 'antenna' && b.roofHeight > 0) {
      const stem = Math.max(1, b.w * 0.04);
      ctx.fillRect(b.x + b.w / 2 - stem / 2, b.y - b.roofHeight, stem, b.roofHeight);
      ctx.fillRect(b.x + b.w * 0.3, b.y - b.roofHeight * 0.25, b.w * 0.4, b.roofHeight * 0.25);
      ctx.fillStyle = '#ff4d4d';
      ctx.beginPath();
      ctx.arc(b.x + b.w / 2, b.y - b.roofHeight, stem * 1.4, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.save();
  ctx.globalAlpha = layer.windowAlpha;
  ctx.fillStyle = layer.windowColor;
  if (scene.time === 'night') {
    ctx.shadowColor = layer.windowColor;
    ctx.shadowBlur = 4;
  }
  ctx.beginPath();
  for (const w of layer.windows) ctx.rect(w.x, w.y, w.w, w.h);
  ctx.fill();
  ctx.restore();
}

function paintVignette(ctx: Ctx2d, scene: Scene): void {
  const { width, height } = scene;
  const cx = width / 2;
  const cy = height / 2;
  const inner = Math.min(width, height) * 0.35;
  const outer = Math.hypot(cx, cy);
  const gradient = ctx.createRadialGradient(cx, cy, inner, cx, cy, outer);
  gradient.addColorStop(0, 'rgba(0, 0, 0, 0)');
  gradient.addColorStop(1, `rgba(0, 0, 0, ${scene.vignette})`);
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, width, height);
}

function paintLabel(ctx: Ctx2d, scene: Scene): void {
  const { width, height } = scene;
  const size = Math.round(Math.max(11, Math.min(width, height) * 0.024));
  ctx.font = `500 ${size}px system-ui, -apple-system, "Segoe UI", sans-serif`;
  const textWidth = ctx.measureText(scene.label).width;
  const padX = size * 0.6;
  const boxW = textWidth + padX * 2;
  const boxH = size * 1.6;
  const x = width - boxW - size * 0.7;
  const y = height - boxH - size * 0.7;

  ctx.fillStyle = 'rgba(0, 0, 0, 0.32)';
  ctx.beginPath();
  ctx.roundRect(x, y, boxW, boxH, boxH / 2);
  ctx.fill();
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.textBaseline = 'middle';
  ctx.fillText(scene.label, x + padX, y + boxH / 2 + size * 0.04);
}

/**
 * writeAbmSnapshots(result, dir): the lattice at the requested snapshot
 * times as PNG (one pixel block per voxel) and SVG (the PNG with O2
 * contours, a legend and counts), plus abm-frames.json, every frame in a
 * compact form an HTML report can animate, and abm-animation.html, a
 * self-contained player of those frames.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from './png.js';
import { IMMUNE_CODES, FRAME_HYPOXIC, FRAME_IMMUNE_SHIFT, FRAME_VESSEL, type AbmFrame } from './observe.js';
import { contourSegments, frameRgb, PALETTE, voxelColor } from './render.js';
import type { AbmResult } from './simulate.js';

const TARGET_IMAGE_PX = 600;

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function dayLabel(t: number): string {
  return String(Math.round(t * 100) / 100).replace('.', '_').padStart(3, '0');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Counts of what a frame shows. */
export function frameCounts(frame: AbmFrame): Record<string, number> {
  const counts: Record<string, number> = { tumor: 0, presenting: 0, b2m_loss: 0, jak_loss: 0, hypoxic_tumor: 0, vessels: 0, cd8: 0 };
  for (let v = 0; v < frame.cells.length; v++) {
    const code = frame.cells[v];
    const kind = code & 3;
    if (kind > 0) {
      counts.tumor++;
      counts[kind === 1 ? 'presenting' : kind === 2 ? 'b2m_loss' : 'jak_loss']++;
      if (code & FRAME_HYPOXIC) counts.hypoxic_tumor++;
    }
    if (code & FRAME_VESSEL) counts.vessels++;
    counts.cd8 += frame.cd8[v];
  }
  return counts;
}

/** SVG of one frame: embedded PNG lattice, O2 contour at the 50%-hypoxia level, legend. */
export function snapshotSvg(result: AbmResult, frame: AbmFrame, png: Uint8Array, scale: number): string {
  const size = result.abm.options.gridSize;
  const side = result.abm.fieldSide;
  const px = size * scale;
  const nodePx = (result.abm.options.fieldCoarsening * scale);
  const legendWidth = 260;
  const height = Math.max(px + 40, 40 + 20 * Object.keys(PALETTE).length + 120);
  const segments = contourSegments(frame.o2, side, result.abm.o2HalfHypoxia);
  let path = '';
  for (let k = 0; k < segments.length; k += 4)
    path += `M${(segments[k] * nodePx).toFixed(1)} ${(segments[k + 1] * nodePx).toFixed(1)}L${(segments[k + 2] * nodePx).toFixed(1)} ${(segments[k + 3] * nodePx).toFixed(1)}`;
  const counts = frameCounts(frame);
  const mm = ((size * result.abm.options.voxel_um) / 1000).toFixed(1);
  const lines: string[] = [];
  lines.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${px + legendWidth + 30}" height="${height}" font-family="sans-serif" font-size="12">`);
  lines.push(`<text x="10" y="18" font-size="14" font-weight="bold">${escapeXml(result.scenario.name)} — day ${Number(frame.t_day.toFixed(2))} (${size}×${size} voxels, ${mm} mm)</text>`);
  lines.push(`<g transform="translate(10,28)">`);
  lines.push(`<image width="${px}" height="${px}" style="image-rendering:pixelated" href="data:image/png;base64,${base64(png)}"/>`);
  if (path) lines.push(`<path d="${path}" fill="none" stroke="#0a4f8a" stroke-width="1.5"/>`);
  lines.push(`<rect width="${px}" height="${px}" fill="none" stroke="#444"/>`);
  lines.push(`</g>`);
  let y = 40;
  const lx = px + 25;
  for (const entry of Object.values(PALETTE)) {
    const [r, g, b] = entry.color;
    lines.push(`<rect x="${lx}" y="${y - 10}" width="12" height="12" fill="rgb(${r},${g},${b})" stroke="#888" stroke-width="0.5"/>`);
    lines.push(`<text x="${lx + 18}" y="${y}">${escapeXml(entry.label)}</text>`);
    y += 20;
  }
  lines.push(`<line x1="${lx}" y1="${y - 4}" x2="${lx + 12}" y2="${y - 4}" stroke="#0a4f8a" stroke-width="1.5"/>`);
  lines.push(`<text x="${lx + 18}" y="${y}">O2 at 50% hypoxia (supply index ${result.abm.o2HalfHypoxia})</text>`);
  y += 28;
  for (const [name, value] of Object.entries(counts)) {
    lines.push(`<text x="${lx}" y="${y}">${name.replace(/_/g, ' ')}: ${value}</text>`);
    y += 16;
  }
  lines.push(`</svg>`);
  return lines.join('\n') + '\n';
}

/** Compact JSON of every frame (base64 bytes) with what is needed to draw it. */
export function framesJson(result: AbmResult): string {
  const { options, fieldSide, cellsPerAgent } = result.abm;
  let o2Max = 0;
  for (const f of result.abm.frames) for (let i = 0; i < f.o2.length; i++) o2Max = Math.max(o2Max, f.o2[i]);
  const palette: Record<number, [number, number, number]> = {};
  for (let code = 0; code < 128; code++) {
    const [r, g, b] = voxelColor(code);
    palette[code] = [r, g, b];
  }
  const frames = result.abm.frames.map((f) => {
    const o2 = new Uint8Array(f.o2.length);
    for (let i = 0; i < o2.length; i++) o2[i] = o2Max > 0 ? Math.round((255 * f.o2[i]) / o2Max) : 0;
    return { t_day: f.t_day, snapshot: f.snapshot, counts: frameCounts(f), cells: base64(f.cells), cd8: base64(f.cd8), o2: base64(o2) };
  });
  return JSON.stringify({
    format: 'tumor-immune-sim abm frames 1',
    scenario: result.scenario.name,
    gridSize: options.gridSize,
    voxel_um: options.voxel_um,
    fieldSide,
    fieldCoarsening: options.fieldCoarsening,
    cellsPerAgent,
    o2Max,
    o2HalfHypoxia: result.abm.o2HalfHypoxia,
    byteLayout: {
      cells: 'one byte per voxel, row-major: bits 0–1 tumor (0 none, 1 presenting, 2 B2M loss, 3 JAK loss), bit 2 hypoxic, bit 3 vessel, bits 4–6 top immune cell',
      immuneCodes: IMMUNE_CODES,
      cd8: 'CD8 T cells per voxel',
      o2: 'O2 supply index per field node, quantized: value = byte / 255 × o2Max',
    },
    immuneShift: FRAME_IMMUNE_SHIFT,
    palette,
    legend: Object.values(PALETTE).map((e) => ({ label: e.label, color: e.color })),
    frames,
  }) + '\n';
}

function animationHtml(json: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>ABM frames</title>
<style>body{font:13px sans-serif;margin:16px}canvas{image-rendering:pixelated;border:1px solid #444}</style></head>
<body><div id="title"></div><canvas id="c"></canvas><div>
<button id="play">play</button> <input id="t" type="range" min="0" value="0" style="width:400px"> <span id="day"></span></div>
<script id="data" type="application/json">${json.replace(/</g, '\\u003c')}</script>
<script>
const d = JSON.parse(document.getElementById('data').textContent);
const n = d.gridSize, scale = Math.max(1, Math.floor(600 / n));
const c = document.getElementById('c'); c.width = c.height = n * scale;
const ctx = c.getContext('2d'); const img = ctx.createImageData(n, n);
const off = new OffscreenCanvas(n, n); const octx = off.getContext('2d');
const slider = document.getElementById('t'); slider.max = d.frames.length - 1;
document.getElementById('title').textContent = d.scenario + ' (' + n + '×' + n + ' voxels of ' + d.voxel_um + ' µm)';
function bytes(b64) { const s = atob(b64); const a = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i); return a; }
function show(k) {
  const f = d.frames[k], cells = bytes(f.cells);
  for (let v = 0; v < n * n; v++) { const [r, g, b] = d.palette[cells[v]]; img.data.set([r, g, b, 255], v * 4); }
  octx.putImageData(img, 0, 0); ctx.imageSmoothingEnabled = false; ctx.drawImage(off, 0, 0, n * scale, n * scale);
  document.getElementById('day').textContent = 'day ' + f.t_day + ' — tumor ' + f.counts.tumor + ', CD8 ' + f.counts.cd8;
}
let timer = null;
document.getElementById('play').onclick = () => { if (timer) { clearInterval(timer); timer = null; return; }
  timer = setInterval(() => { slider.value = (Number(slider.value) + 1) % d.frames.length; show(Number(slider.value)); }, 150); };
slider.oninput = () => show(Number(slider.value)); show(0);
</script></body></html>
`;
}

/** Writes snapshot PNG/SVG files, abm-frames.json and abm-animation.html into `dir`; returns the paths written. */
export function writeAbmSnapshots(result: AbmResult, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const size = result.abm.options.gridSize;
  const scale = Math.max(1, Math.floor(TARGET_IMAGE_PX / size));
  const written: string[] = [];
  for (const frame of result.abm.frames) {
    if (!frame.snapshot) continue;
    const png = encodePng(size * scale, size * scale, frameRgb(frame, size, scale));
    const base = join(dir, `abm-snapshot-day-${dayLabel(frame.t_day)}`);
    writeFileSync(`${base}.png`, png);
    writeFileSync(`${base}.svg`, snapshotSvg(result, frame, png, scale));
    written.push(`${base}.png`, `${base}.svg`);
  }
  const json = framesJson(result);
  writeFileSync(join(dir, 'abm-frames.json'), json);
  writeFileSync(join(dir, 'abm-animation.html'), animationHtml(json.trim()));
  written.push(join(dir, 'abm-frames.json'), join(dir, 'abm-animation.html'));
  return written;
}

/**
 * Pictures for the demo produce: flat illustrations drawn here as SVG (by
 * the project's authors, under the project's licence; see
 * docs/decisions/018-what-a-user-saw.md), one per kind of produce. The seed
 * rasterises each once with sharp and stores it as an ordinary photo of
 * every listing of that kind, so demo cards look like the real thing would.
 */

export const PICTURE_WIDTH = 1200;
export const PICTURE_HEIGHT = 900;

/** A small deterministic generator, so every machine draws the same pictures. */
function random(seed: string): () => number {
  let a = [...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Draw = { defs: string[]; rand: () => number };
const n = (v: number) => Math.round(v * 10) / 10;

/** A shaded fill: lighter at the top left, darker at the bottom right, as if lit from a window. */
function shade(d: Draw, colour: string, light = 0.35): string {
  const id = `g${d.defs.length}`;
  d.defs.push(
    `<radialGradient id="${id}" cx="35%" cy="30%" r="75%"><stop offset="0" stop-color="${mix(colour, "#ffffff", light)}"/><stop offset="0.55" stop-color="${colour}"/><stop offset="1" stop-color="${mix(colour, "#000000", 0.3)}"/></radialGradient>`,
  );
  return `url(#${id})`;
}

function mix(a: string, b: string, t: number): string {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return `#${pa.map((v, i) => Math.round(v + (pb[i] - v) * t).toString(16).padStart(2, "0")).join("")}`;
}

const shadow = (cx: number, cy: number, rx: number, ry = rx * 0.18) =>
  `<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(rx)}" ry="${n(ry)}" fill="#000" opacity="0.16"/>`;

function ball(d: Draw, cx: number, cy: number, r: number, colour: string, ry = r): string {
  return `<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(r)}" ry="${n(ry)}" fill="${shade(d, colour)}"/><ellipse cx="${n(cx - r * 0.35)}" cy="${n(cy - ry * 0.4)}" rx="${n(r * 0.18)}" ry="${n(ry * 0.1)}" fill="#fff" opacity="0.45" transform="rotate(-30 ${n(cx - r * 0.35)} ${n(cy - ry * 0.4)})"/>`;
}

function leaf(cx: number, cy: number, length: number, angle: number, colour: string, width = 0.38): string {
  const w = length * width;
  return `<g transform="translate(${n(cx)} ${n(cy)}) rotate(${n(angle)})"><path d="M0 0 C ${n(w)} ${n(-length * 0.3)} ${n(w * 0.8)} ${n(-length * 0.8)} 0 ${n(-length)} C ${n(-w * 0.8)} ${n(-length * 0.8)} ${n(-w)} ${n(-length * 0.3)} 0 0 Z" fill="${colour}"/><path d="M0 0 L0 ${n(-length * 0.92)}" stroke="${mix(colour, "#ffffff", 0.35)}" stroke-width="${n(Math.max(2, length * 0.025))}" fill="none"/></g>`;
}

/** The basket most produce sits in at a Vietnamese market: a woven bamboo tray (nia). */
function tray(cx: number, cy: number, rx: number): string {
  const ry = rx * 0.32;
  const rings = [0.92, 0.75, 0.58, 0.41]
    .map((k) => `<ellipse cx="${cx}" cy="${cy}" rx="${n(rx * k)}" ry="${n(ry * k)}" fill="none" stroke="#b0844a" stroke-width="3" opacity="0.6"/>`)
    .join("");
  return `${shadow(cx, cy + ry * 0.35, rx * 1.02, ry * 1.02)}<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${n(ry)}" fill="#d9ab6c" stroke="#9c6f36" stroke-width="10"/>${rings}`;
}

function plate(cx: number, cy: number, rx: number, colour = "#f4f1ea"): string {
  const ry = rx * 0.3;
  return `${shadow(cx, cy + ry * 0.3, rx, ry)}<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${n(ry)}" fill="${colour}" stroke="#cfc8b8" stroke-width="6"/><ellipse cx="${cx}" cy="${cy}" rx="${n(rx * 0.72)}" ry="${n(ry * 0.72)}" fill="none" stroke="#e2dccd" stroke-width="4"/>`;
}

function board(cx: number, cy: number, w: number, h: number): string {
  const grain = [0.25, 0.5, 0.75].map((k) => `<path d="M${n(cx - w / 2 + 20)} ${n(cy - h / 2 + h * k)} q ${n(w / 3)} -12 ${n(w - 40)} 0" stroke="#a0703c" stroke-width="4" fill="none" opacity="0.5"/>`).join("");
  return `${shadow(cx, cy + h / 2, w * 0.55, 26)}<rect x="${n(cx - w / 2)}" y="${n(cy - h / 2)}" width="${w}" height="${h}" rx="28" fill="#c98f52" stroke="#94602b" stroke-width="8"/>${grain}`;
}

/** A wall and a wooden table: the scene every picture is set in, tinted per kind. */
function scene(wall: string, body: string, defs: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${PICTURE_WIDTH}" height="${PICTURE_HEIGHT}" viewBox="100 170 1000 750"><defs><linearGradient id="wall" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${mix(wall, "#ffffff", 0.35)}"/><stop offset="1" stop-color="${wall}"/></linearGradient><linearGradient id="table" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#b98a5a"/><stop offset="1" stop-color="#8a5f36"/></linearGradient>${defs.join("")}</defs><rect width="1200" height="900" fill="url(#wall)"/><rect y="600" width="1200" height="400" fill="url(#table)"/><path d="M0 600 H1200" stroke="#6e4a28" stroke-width="6"/><path d="M0 700 q 300 -10 600 0 t 600 0 M0 800 q 300 10 600 0 t 600 0" stroke="#7a532e" stroke-width="4" fill="none" opacity="0.45"/>${body}</svg>`;
}

type Painter = (d: Draw) => string;

/** Round produce piled on a tray: tomatoes, oranges, potatoes, eggs, lychees… */
function pile(colour: string, r: number, options: { count?: number; ry?: number; top?: (x: number, y: number, r: number) => string; spots?: string; vary?: number } = {}): Painter {
  return (d) => {
    const count = options.count ?? 9;
    const ry = options.ry ?? 1;
    let out = tray(600, 640, 430);
    const rows = [Math.ceil(count * 0.45), Math.ceil(count * 0.35), count - Math.ceil(count * 0.45) - Math.ceil(count * 0.35)];
    rows.forEach((inRow, row) => {
      for (let i = 0; i < inRow; i++) {
        const spread = (inRow - 1) * r * 1.7;
        const x = 600 - spread / 2 + i * r * 1.7 + (d.rand() - 0.5) * r * 0.3;
        const y = 620 - row * r * 1.15 * ry + (d.rand() - 0.5) * r * 0.2;
        const k = 1 + (d.rand() - 0.5) * (options.vary ?? 0.15);
        const tone = mix(colour, d.rand() < 0.5 ? "#ffffff" : "#000000", d.rand() * 0.12);
        out += ball(d, x, y, r * k, tone, r * k * ry);
        if (options.spots) for (let s = 0; s < 6; s++) out += `<circle cx="${n(x + (d.rand() - 0.5) * r)}" cy="${n(y + (d.rand() - 0.5) * r * ry)}" r="${n(r * 0.05)}" fill="${options.spots}" opacity="0.7"/>`;
        if (options.top) out += options.top(x, y - r * k * ry, r * k);
      }
    });
    return out;
  };
}

const calyx = (x: number, y: number, r: number) =>
  [0, 72, 144, 216, 288].map((a) => leaf(x, y + r * 0.12, r * 0.4, a, "#3f7d2c", 0.3)).join("") + `<circle cx="${n(x)}" cy="${n(y + r * 0.1)}" r="${n(r * 0.08)}" fill="#2f5e20"/>`;
const stalk = (x: number, y: number, r: number) => `<path d="M${n(x)} ${n(y + r * 0.08)} q ${n(r * 0.08)} ${n(-r * 0.25)} ${n(r * 0.2)} ${n(-r * 0.3)}" stroke="#5b4a2a" stroke-width="${n(r * 0.08)}" fill="none" stroke-linecap="round"/>${leaf(x + r * 0.1, y, r * 0.55, 55, "#4f8f33")}`;
const dimple = (x: number, y: number, r: number) => `<circle cx="${n(x)}" cy="${n(y + r * 0.12)}" r="${n(r * 0.07)}" fill="#6b5a2a" opacity="0.6"/>`;

/** Long produce laid side by side: cucumbers, carrots, bananas, lemongrass… */
function laid(colour: string, options: { count?: number; length?: number; width?: number; tip?: "round" | "point"; top?: string; bumps?: boolean; curve?: number } = {}): Painter {
  return (d) => {
    const count = options.count ?? 6;
    const length = options.length ?? 520;
    const width = options.width ?? 70;
    let out = board(600, 640, 900, 200);
    for (let i = 0; i < count; i++) {
      const y = 560 + i * (150 / count) + (d.rand() - 0.5) * 10;
      const x = 600 + (d.rand() - 0.5) * 80;
      const angle = -8 + (d.rand() - 0.5) * 10;
      const half = length / 2;
      const bend = options.curve ?? 0;
      const body =
        options.tip === "point"
          ? `M${-half} ${-width / 2} Q 0 ${-width / 2 - bend} ${half} 0 Q 0 ${width / 2 - bend} ${-half} ${width / 2} Q ${-half - width * 0.4} 0 ${-half} ${-width / 2} Z`
          : `M${-half + width / 2} ${-width / 2} Q 0 ${-width / 2 - bend} ${half - width / 2} ${-width / 2} A ${width / 2} ${width / 2} 0 0 1 ${half - width / 2} ${width / 2} Q 0 ${width / 2 - bend} ${-half + width / 2} ${width / 2} A ${width / 2} ${width / 2} 0 0 1 ${-half + width / 2} ${-width / 2} Z`;
      const tone = mix(colour, "#000000", d.rand() * 0.12);
      let extra = `<path d="M${-half + width * 0.6} ${-width * 0.22} Q 0 ${-width * 0.3 - bend} ${half - width * 0.6} ${-width * 0.22}" stroke="#fff" stroke-width="${n(width * 0.1)}" opacity="0.3" fill="none" stroke-linecap="round"/>`;
      if (options.bumps) for (let b = 0; b < 14; b++) extra += `<circle cx="${n(-half * 0.8 + b * (half * 1.6) / 13)}" cy="${n((d.rand() - 0.5) * width * 0.6)}" r="${n(width * 0.07)}" fill="${mix(tone, "#000000", 0.25)}" opacity="0.5"/>`;
      if (options.top) extra += [-25, 0, 25].map((a) => leaf(-half, 0, width * 1.8, -90 + a, options.top!, 0.22)).join("");
      out += `${shadow(x, y + width * 0.45, half * 0.9, width * 0.15)}<g transform="translate(${n(x)} ${n(y)}) rotate(${n(angle)})"><path d="${body}" fill="${shade(d, tone, 0.3)}"/>${extra}</g>`;
    }
    return out;
  };
}

/** Greens in a bunch, tied with straw: leaves fanning up from the stems. */
function bunch(colour: string, options: { leaves?: number; length?: number; width?: number } = {}): Painter {
  return (d) => {
    const leaves = options.leaves ?? 16;
    const length = options.length ?? 380;
    let out = board(600, 680, 860, 170) + shadow(600, 700, 260, 30);
    for (let i = 0; i < leaves; i++) {
      const angle = -60 + (120 * i) / (leaves - 1) + (d.rand() - 0.5) * 8;
      const tone = mix(colour, d.rand() < 0.5 ? "#ffffff" : "#000000", d.rand() * 0.2);
      out += `<path d="M600 690 l ${n(Math.sin((angle * Math.PI) / 180) * 120)} ${n(-Math.cos((angle * Math.PI) / 180) * 120)}" stroke="${mix(colour, "#ffffff", 0.45)}" stroke-width="8"/>`;
      out += leaf(600 + Math.sin((angle * Math.PI) / 180) * 110, 690 - Math.cos((angle * Math.PI) / 180) * 110, length * (0.75 + d.rand() * 0.35), angle, tone, options.width ?? 0.4);
    }
    out += `<rect x="560" y="640" width="80" height="30" rx="8" fill="#d8b36a" stroke="#a78540" stroke-width="4"/>`;
    return out;
  };
}

/** A cabbage, a pumpkin or a melon: one big round thing with ribs. */
function bigRound(colour: string, options: { ribs?: string; ry?: number; cut?: string; seeds?: string; leafy?: boolean } = {}): Painter {
  return (d) => {
    const ry = 230 * (options.ry ?? 0.85);
    let out = shadow(560, 660 + ry * 0.05, 280, 50) + ball(d, 560, 660 - ry * 0.8, 260, colour, ry);
    if (options.ribs) for (const k of [-0.6, -0.25, 0.1, 0.45]) out += `<path d="M${n(560 + k * 260)} ${n(660 - ry * 1.75)} Q ${n(560 + k * 380)} ${n(660 - ry * 0.8)} ${n(560 + k * 260)} ${n(660 + ry * 0.15)}" stroke="${options.ribs}" stroke-width="10" fill="none" opacity="0.55"/>`;
    if (options.leafy) for (const a of [-70, -30, 20, 60]) out += leaf(560, 660 - ry * 0.9, 220, a, mix(colour, "#ffffff", 0.25), 0.55);
    if (options.cut) {
      out += shadow(900, 700, 190, 34) + `<path d="M720 700 A 180 150 0 0 1 1080 700 Z" fill="${mix(colour, "#000000", 0.2)}"/><path d="M735 695 A 165 135 0 0 1 1065 695 Z" fill="${shade(d, options.cut, 0.2)}"/>`;
      if (options.seeds) for (let i = 0; i < 14; i++) out += `<ellipse cx="${n(780 + d.rand() * 240)}" cy="${n(610 + d.rand() * 70)}" rx="7" ry="11" fill="${options.seeds}"/>`;
    }
    return out;
  };
}

/** A jute sack of grain with a scoop of it spilled in front. */
function sack(grain: string, label: string): Painter {
  return (d) => {
    let out = shadow(560, 720, 300, 40);
    out += `<path d="M330 720 Q 300 420 380 260 L 740 260 Q 820 420 790 720 Z" fill="${shade(d, "#c9a66b", 0.25)}" stroke="#8c6a34" stroke-width="8"/>`;
    out += `<path d="M380 260 Q 560 200 740 260 Q 560 320 380 260 Z" fill="${mix(grain, "#000000", 0.08)}"/>`;
    for (let i = 0; i < 8; i++) out += `<path d="M${340 + i * 56} 300 V 700" stroke="#b08d55" stroke-width="3" opacity="0.5"/>`;
    out += `<rect x="440" y="430" width="240" height="130" rx="14" fill="#fff8e6" stroke="#8c6a34" stroke-width="5"/><text x="560" y="515" font-family="sans-serif" font-size="62" font-weight="700" text-anchor="middle" fill="#6a4a1a">${label}</text>`;
    out += `${shadow(930, 760, 170, 30)}<path d="M770 760 Q 930 600 1090 760 Z" fill="${shade(d, grain, 0.25)}"/>`;
    for (let i = 0; i < 90; i++) {
      const x = 800 + d.rand() * 260;
      const y = 700 + d.rand() * 55 - Math.max(0, 60 - Math.abs(x - 930) * 0.5);
      out += `<ellipse cx="${n(x)}" cy="${n(y)}" rx="8" ry="4" fill="${mix(grain, d.rand() < 0.5 ? "#ffffff" : "#000000", d.rand() * 0.2)}" transform="rotate(${n(d.rand() * 180)} ${n(x)} ${n(y)})"/>`;
    }
    return out;
  };
}

/** Small things heaped in a bowl: peppercorns, beans, peanuts, coffee beans, sesame… */
function bowlOf(colour: string, options: { size?: number; long?: number; line?: string; bowl?: string } = {}): Painter {
  return (d) => {
    const size = options.size ?? 14;
    let out = shadow(600, 730, 330, 50);
    out += `<path d="M270 560 Q 290 760 600 770 Q 910 760 930 560 Z" fill="${shade(d, options.bowl ?? "#5f8fa8", 0.3)}"/>`;
    out += `<ellipse cx="600" cy="560" rx="330" ry="70" fill="${mix(options.bowl ?? "#5f8fa8", "#000000", 0.35)}"/>`;
    out += `<path d="M290 560 Q 600 380 910 560 Q 600 620 290 560 Z" fill="${mix(colour, "#000000", 0.25)}"/>`;
    for (let i = 0; i < 260; i++) {
      const x = 300 + d.rand() * 600;
      const top = 560 - Math.max(0, 150 - Math.abs(x - 600) * 0.5);
      const y = top + d.rand() * (600 - top) * 0.9;
      const tone = mix(colour, d.rand() < 0.5 ? "#ffffff" : "#000000", d.rand() * 0.25);
      const long = options.long ?? 1;
      out += `<g transform="rotate(${n(d.rand() * 180)} ${n(x)} ${n(y)})"><ellipse cx="${n(x)}" cy="${n(y)}" rx="${n(size * long)}" ry="${size}" fill="${tone}"/>${options.line ? `<path d="M${n(x - size * long * 0.7)} ${n(y)} H ${n(x + size * long * 0.7)}" stroke="${options.line}" stroke-width="${n(size * 0.22)}"/>` : ""}</g>`;
    }
    for (let i = 0; i < 10; i++) out += `<ellipse cx="${n(200 + d.rand() * 800)}" cy="${n(790 + d.rand() * 60)}" rx="${n(size * (options.long ?? 1))}" ry="${size}" fill="${colour}"/>`;
    return out;
  };
}

function fish(body: string, belly: string): Painter {
  return (d) => {
    let out = plate(600, 660, 470);
    for (const [y, k] of [[600, 1], [690, 0.9]] as const) {
      const s = k * 1;
      out += `<g transform="translate(600 ${y}) scale(${s}) rotate(-4)"><path d="M-330 0 Q -200 -120 120 -70 Q 250 -40 280 0 Q 250 40 120 70 Q -200 120 -330 0 Z" fill="${shade(d, body, 0.3)}"/><path d="M-300 10 Q -100 80 200 40 Q 0 50 -300 10 Z" fill="${belly}" opacity="0.7"/><path d="M270 0 L 390 -80 Q 360 0 390 80 Z" fill="${mix(body, "#000000", 0.2)}"/><path d="M-60 -90 Q 20 -150 110 -72 Z" fill="${mix(body, "#000000", 0.15)}"/><circle cx="-250" cy="-15" r="16" fill="#fff"/><circle cx="-250" cy="-15" r="9" fill="#222"/><path d="M-200 -40 Q -170 0 -200 45" stroke="${mix(body, "#000000", 0.35)}" stroke-width="6" fill="none"/>`;
      for (let i = 0; i < 10; i++) out += `<path d="M${-150 + i * 34} -30 q 12 16 0 32" stroke="${mix(body, "#ffffff", 0.3)}" stroke-width="3" fill="none" opacity="0.6"/>`;
      out += `</g>`;
    }
    d.rand();
    return out;
  };
}

function shrimp(colour: string): Painter {
  return (d) => {
    let out = plate(600, 660, 470);
    const spots: [number, number, number][] = [[470, 600, -20], [700, 590, 15], [580, 690, 5], [800, 690, -10], [380, 690, 25]];
    for (const [x, y, a] of spots) {
      let g = "";
      for (let i = 0; i < 6; i++) {
        const angle = (i / 6) * 200 - 10;
        const rx = Math.cos((angle * Math.PI) / 180) * 70;
        const ry = Math.sin((angle * Math.PI) / 180) * 55;
        g += `<ellipse cx="${n(rx)}" cy="${n(ry)}" rx="${n(34 - i * 3)}" ry="${n(28 - i * 2)}" fill="${shade(d, mix(colour, "#ffffff", i * 0.04), 0.3)}" stroke="${mix(colour, "#000000", 0.25)}" stroke-width="3"/>`;
      }
      g += `<path d="M70 -5 l 120 -60 M70 5 l 130 -30" stroke="${mix(colour, "#000000", 0.3)}" stroke-width="4"/><circle cx="82" cy="-18" r="6" fill="#222"/>`;
      out += `<g transform="translate(${x} ${y}) rotate(${a})">${g}</g>`;
    }
    return out;
  };
}

function crab(colour: string): Painter {
  return (d) => {
    let out = plate(600, 670, 470);
    for (const side of [-1, 1]) {
      for (let i = 0; i < 3; i++) out += `<path d="M${600 + side * 130} ${620 + i * 28} q ${side * 110} ${-30 + i * 20} ${side * 170} ${30 + i * 20}" stroke="${mix(colour, "#000000", 0.15)}" stroke-width="20" fill="none" stroke-linecap="round"/>`;
      out += `<path d="M${600 + side * 120} 560 q ${side * 90} -90 ${side * 180} -60" stroke="${colour}" stroke-width="26" fill="none" stroke-linecap="round"/>` + ball(d, 600 + side * 310, 490, 60, colour, 45);
    }
    out += ball(d, 600, 610, 220, colour, 120) + `<circle cx="560" cy="520" r="12" fill="#222"/><circle cx="640" cy="520" r="12" fill="#222"/>`;
    return out;
  };
}

/** A cut of meat on a board: lean, fat and (for pork) skin. */
function meat(lean: string, fat: string, skin?: string): Painter {
  return (d) => {
    let out = board(600, 660, 880, 220);
    out += `<path d="M300 640 Q 290 480 460 450 Q 640 410 800 460 Q 930 500 900 640 Q 760 700 600 690 Q 420 700 300 640 Z" fill="${shade(d, lean, 0.25)}"/>`;
    if (skin) out += `<path d="M300 640 Q 420 700 600 690 Q 760 700 900 640 L 900 610 Q 760 668 600 660 Q 420 668 300 610 Z" fill="${fat}"/><path d="M300 650 Q 420 712 600 702 Q 760 712 900 650 L 900 640 Q 760 700 600 690 Q 420 700 300 640 Z" fill="${skin}"/>`;
    for (let i = 0; i < 7; i++) out += `<path d="M${380 + d.rand() * 420} ${500 + d.rand() * 120} q ${40 + d.rand() * 60} ${-20 + d.rand() * 40} ${80 + d.rand() * 60} 0" stroke="${fat}" stroke-width="${n(6 + d.rand() * 8)}" fill="none" opacity="0.85" stroke-linecap="round"/>`;
    out += leaf(880, 560, 120, 40, "#4f8f33") + leaf(900, 580, 100, 80, "#3f7d2c");
    return out;
  };
}

function hen(colour: string): Painter {
  return (d) => {
    let out = shadow(600, 760, 300, 40);
    out += `<path d="M820 520 Q 980 330 900 260 Q 880 420 800 470 Z" fill="${mix(colour, "#000000", 0.35)}"/><path d="M830 540 Q 1010 420 980 330 Q 920 470 800 500 Z" fill="#2e5a3a"/>`;
    out += ball(d, 600, 560, 280, colour, 190);
    out += `<path d="M500 560 Q 640 500 760 580 Q 640 660 520 620 Z" fill="${mix(colour, "#000000", 0.2)}"/>`;
    out += ball(d, 380, 380, 100, colour, 105) + `<path d="M320 290 q 20 -60 45 -10 q 20 -60 45 0 q 25 -50 40 10 Z" fill="#d62d20"/><path d="M285 385 l -60 18 l 60 18 Z" fill="#f2b233"/><circle cx="350" cy="370" r="12" fill="#222"/><path d="M300 420 q 10 50 35 20" fill="#d62d20"/>`;
    out += `<path d="M560 740 v 50 M650 740 v 50" stroke="#e0a030" stroke-width="16" stroke-linecap="round"/>`;
    return out;
  };
}

function honey(d: Draw): string {
  let out = shadow(560, 770, 210, 36);
  out += `<rect x="380" y="330" width="360" height="440" rx="60" fill="${shade(d, "#e39b1c", 0.35)}" stroke="#b8741a" stroke-width="6"/><rect x="400" y="250" width="320" height="100" rx="20" fill="#7a4e2a"/><rect x="430" y="470" width="260" height="160" rx="18" fill="#fff8e6" opacity="0.92"/><path d="M480 560 l 40 -60 l 40 60 l 40 -60 l 40 60" stroke="#c77d16" stroke-width="10" fill="none"/>`;
  out += `<path d="M760 420 L 960 660" stroke="#a0703c" stroke-width="18" stroke-linecap="round"/><g transform="translate(965 668) rotate(40)"><rect x="-40" y="-34" width="80" height="68" rx="18" fill="#c98f52"/>${[-20, 0, 20].map((y) => `<path d="M-40 ${y} H40" stroke="#8a5f36" stroke-width="6"/>`).join("")}</g>`;
  return out;
}

function bottle(d: Draw, liquid: string): string {
  let out = shadow(540, 780, 170, 30);
  out += `<path d="M470 780 L 470 420 Q 470 360 510 330 L 510 230 L 570 230 L 570 330 Q 610 360 610 420 L 610 780 Z" fill="${shade(d, liquid, 0.3)}" stroke="#5a3a14" stroke-width="5"/><rect x="500" y="190" width="80" height="50" rx="8" fill="#b3261e"/><rect x="480" y="520" width="120" height="150" rx="10" fill="#fff8e6"/><path d="M500 600 q 40 -40 80 0" stroke="#2f7d32" stroke-width="8" fill="none"/>`;
  out += `${shadow(820, 790, 150, 26)}<path d="M690 700 Q 820 640 950 700 L 930 780 Q 820 810 710 780 Z" fill="${shade(d, "#f4f1ea", 0.2)}"/><ellipse cx="820" cy="702" rx="128" ry="28" fill="${liquid}"/>`;
  return out;
}

function ricePaper(d: Draw): string {
  let out = board(600, 690, 860, 170);
  for (let i = 0; i < 5; i++) out += `${shadow(600, 660 - i * 18, 300, 40)}<ellipse cx="${600 + i * 6}" cy="${640 - i * 18}" rx="300" ry="80" fill="${shade(d, "#efe3c4", 0.25)}" stroke="#d6c69c" stroke-width="3"/>`;
  for (let i = 0; i < 50; i++) out += `<path d="M${n(360 + d.rand() * 480)} ${n(540 + d.rand() * 80)} l 20 8" stroke="#c8b27e" stroke-width="3"/>`;
  return out;
}

function teaLeaves(leafColour: string, withCup: boolean): Painter {
  return (d) => {
    let out = tray(500, 660, 360);
    for (let i = 0; i < 40; i++) out += leaf(320 + d.rand() * 360, 560 + d.rand() * 110, 60 + d.rand() * 40, d.rand() * 360, mix(leafColour, "#000000", d.rand() * 0.3), 0.3);
    if (withCup) out += `${shadow(950, 740, 140, 26)}<path d="M830 600 Q 830 760 950 760 Q 1070 760 1070 600 Z" fill="${shade(d, "#f4f1ea", 0.2)}" stroke="#cfc8b8" stroke-width="5"/><ellipse cx="950" cy="600" rx="120" ry="26" fill="#b9a03a"/><path d="M1068 630 q 60 10 40 60 q -15 30 -50 20" stroke="#cfc8b8" stroke-width="14" fill="none"/><path d="M920 560 q -20 -40 10 -80 M970 560 q -20 -40 10 -80" stroke="#fff" stroke-width="8" opacity="0.6" fill="none"/>`;
    return out;
  };
}

function pineapple(d: Draw): string {
  let out = shadow(600, 770, 200, 36);
  for (const a of [-40, -20, 0, 20, 40, -55, 55]) out += leaf(600, 380, 260, a, "#3f7d2c", 0.18);
  out += ball(d, 600, 580, 170, "#e0a52a", 210);
  const id = `clip${d.defs.length}`;
  d.defs.push(`<clipPath id="${id}"><ellipse cx="600" cy="580" rx="170" ry="210"/></clipPath>`);
  out += `<g clip-path="url(#${id})">`;
  for (let i = -6; i <= 6; i++) out += `<path d="M${600 + i * 45 - 120} 370 L ${600 + i * 45 + 120} 790" stroke="#9a6a14" stroke-width="5" opacity="0.6"/><path d="M${600 + i * 45 + 120} 370 L ${600 + i * 45 - 120} 790" stroke="#9a6a14" stroke-width="5" opacity="0.6"/>`;
  return `${out}</g>`;
}

function dragonFruit(d: Draw): string {
  let out = bigRound("#d63c78")(d);
  for (const [x, y, a] of [[430, 420, -30], [560, 380, 0], [690, 420, 30], [470, 560, -60], [650, 560, 60]] as const) out += leaf(x, y, 110, a, "#7cb342", 0.35);
  out += shadow(920, 720, 170, 30) + `<ellipse cx="920" cy="690" rx="170" ry="70" fill="#d63c78"/><ellipse cx="920" cy="685" rx="150" ry="58" fill="#b8124a"/>`;
  for (let i = 0; i < 60; i++) out += `<circle cx="${n(790 + d.rand() * 260)}" cy="${n(650 + d.rand() * 70)}" r="4" fill="#1b1b1b"/>`;
  return out;
}

function durian(d: Draw): string {
  let out = bigRound("#8aa13a", { ry: 1 })(d);
  for (let i = 0; i < 70; i++) {
    const a = d.rand() * Math.PI * 2;
    const r = Math.sqrt(d.rand()) * 230;
    const x = 560 + Math.cos(a) * r;
    const y = 476 + Math.sin(a) * r * 0.85;
    out += `<path d="M${n(x - 12)} ${n(y + 10)} L ${n(x)} ${n(y - 18)} L ${n(x + 12)} ${n(y + 10)} Z" fill="#5c6e20"/>`;
  }
  out += `${shadow(930, 730, 150, 26)}<path d="M800 720 Q 820 610 930 600 Q 1040 610 1060 720 Z" fill="#f0c53a"/><path d="M840 700 Q 930 640 1020 700" stroke="#d9a520" stroke-width="8" fill="none"/>`;
  return out;
}

function bananas(d: Draw): string {
  let out = board(600, 690, 860, 170);
  for (let i = 0; i < 6; i++) {
    const x = 380 + i * 80;
    out += `<path d="M350 470 Q ${x} ${780 - i * 8} ${x + 260} ${520 - i * 10} Q ${x + 40} ${720 - i * 8} 350 470 Z" fill="${shade(d, "#f2cc3a", 0.3)}" stroke="#b58a18" stroke-width="4"/>`;
  }
  out += `<rect x="320" y="440" width="60" height="60" rx="10" fill="#6b8e23"/>`;
  return out;
}

function corn(d: Draw): string {
  let out = board(600, 680, 880, 180);
  for (const [y, a] of [[590, -6], [660, 4]] as const) {
    let g = `<path d="M-300 0 Q -200 -80 250 -40 L 250 40 Q -200 80 -300 0 Z" fill="#8fb04a"/><path d="M-240 0 Q -150 -60 250 -30 L 250 30 Q -150 60 -240 0 Z" fill="${shade(d, "#f2cf4a", 0.3)}"/>`;
    for (let i = 0; i < 16; i++) for (let j = -2; j <= 2; j++) g += `<ellipse cx="${-200 + i * 28}" cy="${j * 11}" rx="11" ry="6" fill="#e9b832" opacity="0.8"/>`;
    g += `<path d="M250 -40 Q 330 -60 360 -10 M250 40 Q 320 60 370 20" stroke="#8fb04a" stroke-width="14" fill="none"/>`;
    out += `<g transform="translate(600 ${y}) rotate(${a})">${g}</g>`;
  }
  return out;
}

function mushrooms(cap: string, stem: string, flat = false): Painter {
  return (d) => {
    let out = tray(600, 660, 420);
    const spots: [number, number, number][] = [[440, 600, 1], [600, 580, 1.2], [760, 610, 1], [520, 660, 0.8], [690, 670, 0.85]];
    for (const [x, y, k] of spots) {
      out += `<rect x="${n(x - 28 * k)}" y="${n(y - 60 * k)}" width="${n(56 * k)}" height="${n(110 * k)}" rx="${n(22 * k)}" fill="${shade(d, stem, 0.2)}"/>`;
      out += flat
        ? `<path d="M${n(x - 120 * k)} ${n(y - 50 * k)} Q ${n(x)} ${n(y - 170 * k)} ${n(x + 120 * k)} ${n(y - 50 * k)} Q ${n(x)} ${n(y - 80 * k)} ${n(x - 120 * k)} ${n(y - 50 * k)} Z" fill="${shade(d, cap, 0.3)}"/>`
        : `<path d="M${n(x - 85 * k)} ${n(y - 50 * k)} Q ${n(x - 85 * k)} ${n(y - 170 * k)} ${n(x)} ${n(y - 170 * k)} Q ${n(x + 85 * k)} ${n(y - 170 * k)} ${n(x + 85 * k)} ${n(y - 50 * k)} Z" fill="${shade(d, cap, 0.3)}"/>`;
    }
    return out;
  };
}

function ginger(d: Draw): string {
  let out = board(600, 680, 860, 180);
  for (const [x, y, a] of [[500, 620, -10], [720, 650, 15]] as const) {
    let g = "";
    for (const [dx, dy, r] of [[0, 0, 70], [80, -30, 55], [-80, 20, 55], [40, 50, 45], [140, -70, 38]] as const) g += ball(d, dx, dy, r, "#d4a35a", r * 0.75);
    for (let i = 0; i < 8; i++) g += `<path d="M${-90 + i * 30} -20 q 6 20 0 40" stroke="#9c7033" stroke-width="3" fill="none"/>`;
    out += `<g transform="translate(${x} ${y}) rotate(${a})">${g}</g>`;
  }
  return out;
}

function spices(d: Draw): string {
  let out = bowlOf("#2b2118", { size: 11 })(d);
  for (let i = 0; i < 3; i++) out += `<g transform="translate(${980 + i * 30} ${720 - i * 24}) rotate(-20)"><rect x="-120" y="-16" width="240" height="32" rx="16" fill="${shade(d, "#8b4a24", 0.3)}"/><path d="M-115 0 H 115" stroke="#5c2c12" stroke-width="4"/></g>`;
  for (let p = 0; p < 8; p++) {
    const a = (p / 8) * 360;
    out += `<g transform="translate(190 770) rotate(${a})"><path d="M0 0 L 22 -70 L -22 -70 Z" fill="#7a3b1c"/><ellipse cx="0" cy="-52" rx="6" ry="9" fill="#c58b4a"/></g>`;
  }
  return out;
}

function driedSquid(d: Draw): string {
  let out = board(600, 680, 880, 200);
  for (const [x, a] of [[460, -10], [720, 12]] as const) {
    let g = `<path d="M-90 -200 Q 0 -260 90 -200 L 110 60 Q 0 90 -110 60 Z" fill="${shade(d, "#e6c08a", 0.3)}"/>`;
    for (let i = 0; i < 8; i++) g += `<path d="M${-90 + i * 26} 60 q ${-10 + d.rand() * 20} 70 ${-5 + d.rand() * 10} 130" stroke="#cfa065" stroke-width="12" fill="none" stroke-linecap="round"/>`;
    out += `<g transform="translate(${x} 560) rotate(${a})">${g}</g>`;
  }
  return out;
}

function coconut(d: Draw): string {
  let out = bigRound("#5f9a2f", { ry: 0.95 })(d);
  out += `${shadow(920, 740, 170, 30)}<path d="M760 720 Q 760 580 920 580 Q 1080 580 1080 720 Z" fill="#5f9a2f"/><ellipse cx="920" cy="600" rx="150" ry="40" fill="#fbf7ea"/><ellipse cx="920" cy="600" rx="120" ry="28" fill="#e8e2c8"/><path d="M960 600 l 40 -260" stroke="#e85d75" stroke-width="14" stroke-linecap="round"/>`;
  d.rand();
  return out;
}

function candy(d: Draw): string {
  let out = board(600, 690, 860, 170);
  for (let row = 0; row < 3; row++)
    for (let i = 0; i < 6; i++) {
      const x = 370 + i * 95 + row * 20;
      const y = 640 - row * 50;
      out += `<g transform="translate(${x} ${y}) rotate(${n((d.rand() - 0.5) * 20)})"><path d="M-70 -20 L -50 0 L -70 20 Z M70 -20 L 50 0 L 70 20 Z" fill="#f1e7c9"/><rect x="-50" y="-24" width="100" height="48" rx="10" fill="${shade(d, "#c98d4a", 0.3)}"/><rect x="-50" y="-24" width="100" height="48" rx="10" fill="#fff" opacity="0.25"/></g>`;
    }
  return out;
}

/** Which picture each demo product gets; a product not listed falls back to its category's. */
const CATEGORY_PICTURES: Record<string, Painter> = {
  "rau-la": bunch("#3e8e2e"),
  "rau-qua": pile("#d8352a", 80, { top: calyx }),
  "rau-gia-vi": bunch("#4f9a3a", { leaves: 26, length: 250, width: 0.45 }),
  nam: mushrooms("#8a6a4a", "#efe6d6"),
  khoai: pile("#c9a36b", 95, { ry: 0.7, spots: "#7a5a2a", count: 8 }),
  "cu-khac": laid("#ee7d1e", { tip: "point", length: 460, width: 80, top: "#4f9a3a" }),
  "qua-nhiet-doi": pile("#f2b431", 90, { ry: 0.72, top: stalk }),
  "qua-dac-san": pile("#c7372f", 55, { count: 14, spots: "#7e1a14" }),
  "qua-co-mui": pile("#f08c1e", 88, { top: dimple }),
  "gao-te": sack("#f4f0e4", "GẠO"),
  "gao-nep": sack("#fbf8f0", "NẾP"),
  "ngu-coc": (d) => corn(d),
  ca: fish("#7d8c99", "#e9eef2"),
  "tom-cua": shrimp("#f07a4a"),
  "hai-san-kho": driedSquid,
  "thit-lon": meat("#e57f86", "#fbeee6", "#f2c9a7"),
  "thit-bo": meat("#a8252d", "#f3dcd0"),
  "gia-cam": hen("#c87a32"),
  trung: pile("#c98d5a", 70, { ry: 1.3, count: 12, vary: 0.08 }),
  che: teaLeaves("#3f7d2c", true),
  "ca-phe": bowlOf("#4a2c18", { size: 16, long: 1.35, line: "#2a160a", bowl: "#c7b08a" }),
  "mat-ong": honey,
  "dac-san-che-bien": (d) => bottle(d, "#9a5a1a"),
  "gia-vi": spices,
};

const PRODUCT_PICTURES: Record<string, Painter> = {
  "rau-muong": bunch("#3f8f2a", { leaves: 22, length: 420, width: 0.2 }),
  "rau-ngot": bunch("#2f6e22", { leaves: 34, length: 200, width: 0.5 }),
  "cai-ngot": bunch("#6ab04a", { leaves: 12, length: 400, width: 0.6 }),
  "cai-xoong": bunch("#2f7a2a", { leaves: 40, length: 160, width: 0.7 }),
  "bap-cai": bigRound("#8cc06a", { ribs: "#e8f5d8", leafy: true }),
  "xa-lach-thuy-canh": bunch("#7cc24a", { leaves: 20, width: 0.6 }),
  "dua-chuot": laid("#3f8a2c", { count: 6 }),
  "dua-leo": laid("#5aa23a", { count: 7, length: 420 }),
  "muop-dang": laid("#6fb04a", { bumps: true }),
  "kho-qua": laid("#4f8f33", { bumps: true, length: 380 }),
  "bi-do": bigRound("#e6882a", { ribs: "#b45a10", cut: "#f2a53a", seeds: "#f6e3b0" }),
  "ot-chuong": pile("#e0302a", 110, { count: 5, ry: 1.1, top: calyx }),
  "dau-bap": laid("#6aa84f", { tip: "point", width: 50, count: 9, length: 360 }),
  "hanh-la": laid("#5aa23a", { width: 26, count: 14, length: 700 }),
  sa: laid("#b9c98a", { width: 40, count: 8, length: 680 }),
  gung: ginger,
  "nam-linh-chi": mushrooms("#9c2a1c", "#7a4a2a", true),
  "khoai-lang-nhat": laid("#9b3b5a", { tip: "round", width: 110, length: 360, count: 5 }),
  "khoai-mi": laid("#7a4a2a", { width: 80, length: 560, count: 5 }),
  san: laid("#8a5a32", { width: 80, length: 560, count: 5 }),
  "cu-cai-trang": laid("#f2f0e6", { tip: "point", width: 100, length: 480, top: "#4f9a3a", count: 4 }),
  "cu-den": pile("#7a1f3d", 90, { count: 7 }),
  "hanh-tim": pile("#8a3a6a", 70, { count: 12, top: (x, y) => `<path d="M${n(x)} ${n(y)} l 0 -20" stroke="#c9a56b" stroke-width="6"/>` }),
  toi: pile("#f0ebe0", 80, { count: 9, ry: 0.9, top: (x, y) => `<path d="M${n(x)} ${n(y + 6)} q 0 -30 8 -40" stroke="#d8cfb8" stroke-width="8" fill="none"/>` }),
  "sau-rieng-ri6": durian,
  "thanh-long": dragonFruit,
  "dua-xiem": coconut,
  "dua-sap": coconut,
  "dua-hau": bigRound("#2f7a2a", { ribs: "#9ccc65", cut: "#e8413a", seeds: "#1b1b1b" }),
  "dua-luoi": bigRound("#c9c27a", { ribs: "#f1ecc8", cut: "#f29a4a", seeds: "#f6e3b0" }),
  "dua-gai": pineapple,
  thom: pineapple,
  khom: pineapple,
  "chuoi-tieu": bananas,
  "mit-thai": durian,
  oi: pile("#9ccc65", 90, { top: stalk }),
  "buoi-da-xanh": pile("#7cb342", 140, { count: 4, top: stalk }),
  "buoi-dien": pile("#e8c93a", 140, { count: 4, top: stalk }),
  "chanh-khong-hat": pile("#6aae3a", 60, { count: 14, ry: 0.85 }),
  "quyt-hong": pile("#f06a1e", 75, { count: 11, top: dimple }),
  "nhan-long": pile("#c9a063", 48, { count: 16 }),
  "man-hau": pile("#7a2a5a", 62, { count: 12 }),
  "vu-sua": pile("#8a5a9a", 90, { top: stalk }),
  "hong-gion": pile("#f08a1e", 88, { ry: 0.8, top: calyx }),
  "na-dai": pile("#9cbf5a", 90, { spots: "#5a7a2a", top: stalk }),
  "gao-lai-do": sack("#b5523a", "GẠO"),
  "nep-cam": sack("#4a1f3a", "NẾP"),
  lac: bowlOf("#b5522f", { size: 14, long: 1.5 }),
  "dau-phong": bowlOf("#d6a56a", { size: 16, long: 1.6, line: "#b07a3a" }),
  "vung-den": bowlOf("#1f1a16", { size: 6, long: 1.6 }),
  "me-den": bowlOf("#1f1a16", { size: 6, long: 1.6, bowl: "#b3261e" }),
  "dau-xanh": bowlOf("#6a9a3a", { size: 9, long: 1.3 }),
  "hat-dieu": bowlOf("#e8cf9a", { size: 20, long: 1.6, bowl: "#2f6a8a" }),
  "ca-tra": fish("#9aa6b0", "#f2f4f5"),
  "ca-ro-dong": fish("#5a5f3a", "#c9c7a0"),
  "ca-loc": fish("#4a4a40", "#d8d4c0"),
  "ca-dieu-hong": fish("#e07a6a", "#f8e0d8"),
  "cua-ca-mau": crab("#b5502a"),
  "oc-buou": pile("#6a5a3a", 70, { count: 12, ry: 0.9, spots: "#3a2e1a" }),
  "tom-kho": shrimp("#e0603a"),
  "kho-ca-loc": fish("#b5864a", "#e6c896"),
  "ga-doi": hen("#a85a2a"),
  "vit-co": hen("#8a7a5a"),
  "trung-vit": pile("#eaf0ea", 72, { ry: 1.3, count: 12, vary: 0.08 }),
  "trung-cut": pile("#d8c8a8", 40, { ry: 1.3, count: 18, spots: "#3a2e1a", vary: 0.08 }),
  "che-shan-tuyet": teaLeaves("#8a9a6a", false),
  "ca-phe-robusta": bowlOf("#9aa67a", { size: 16, long: 1.35, line: "#6a7a4a", bowl: "#c7b08a" }),
  "mat-ong-bac-ha": honey,
  "banh-trang": ricePaper,
  "keo-dua": candy,
  "mut-gung": candy,
  "mang-kho": driedSquid,
  "ot-kho": laid("#c7251a", { tip: "point", width: 36, count: 12, length: 300 }),
  que: spices,
  hoi: spices,
  "tieu-den": bowlOf("#2b2118", { size: 11 }),
  nghe: bowlOf("#f2b422", { size: 8, bowl: "#2f6a8a" }),
};

const WALLS: Record<string, string> = {
  "rau-la": "#e4efd8", "rau-qua": "#f3e3d3", "rau-gia-vi": "#e2efdc", nam: "#ece4d6", khoai: "#efe6d4", "cu-khac": "#f2e6d2",
  "qua-nhiet-doi": "#f6ecc8", "qua-dac-san": "#f4dfd8", "qua-co-mui": "#f8ead0", "gao-te": "#eef0e2", "gao-nep": "#efe8f0", "ngu-coc": "#f4eccd",
  ca: "#dcebf0", "tom-cua": "#dfeef2", "hai-san-kho": "#f0e8d8", "thit-lon": "#f2e2de", "thit-bo": "#efe0dc", "gia-cam": "#e8efdc",
  trung: "#f1eadc", che: "#e0ecd8", "ca-phe": "#ece2d6", "mat-ong": "#f6ead0", "dac-san-che-bien": "#ece6da", "gia-vi": "#f2e4d6",
};

/** The kinds of pictures there are: a product with its own drawing, else its category. */
export function pictureKey(product: string, category: string): string {
  return PRODUCT_PICTURES[product] ? product : category;
}

/** The SVG of a picture, by the key pictureKey gave; null for a category with no drawing. */
export function pictureSvg(key: string, category: string): string | null {
  const painter = PRODUCT_PICTURES[key] ?? CATEGORY_PICTURES[key];
  if (!painter) return null;
  const d: Draw = { defs: [], rand: random(key) };
  const body = painter(d);
  return scene(WALLS[category] ?? "#eef0e6", body, d.defs);
}

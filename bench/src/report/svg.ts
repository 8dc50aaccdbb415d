import type { FanoutStep } from '../scenarios/fanout.js';

const W = 720;
const H = 420;
const PAD = { left: 70, right: 170, top: 40, bottom: 60 };

/** Event-to-client latency (p50 and p99) against subscribers, Kinroom and plain ws, as a small SVG line chart. */
export function fanoutChart(steps: FanoutStep[]): string {
  const xs = steps.map((s) => s.subscribers);
  const maxX = Math.max(...xs, 1);
  const values = steps
    .flatMap((s) => [s.kinroom.p99, s.plain.p99, s.kinroom.p50, s.plain.p50])
    .filter(Number.isFinite);
  // Logarithmic: plain ws's tens of milliseconds and a saturated server's tens of seconds on one chart.
  const lo = Math.floor(Math.log10(Math.max(1, Math.min(...values))));
  const hi = Math.ceil(Math.log10(Math.max(...values, 10)));
  const x = (v: number) => PAD.left + (v / maxX) * (W - PAD.left - PAD.right);
  const y = (v: number) =>
    H - PAD.bottom - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const series = [
    { name: 'Kinroom p99', color: '#b3261e', dash: '', pick: (s: FanoutStep) => s.kinroom.p99 },
    { name: 'Kinroom p50', color: '#b3261e', dash: '6 4', pick: (s: FanoutStep) => s.kinroom.p50 },
    { name: 'plain ws p99', color: '#1f5fa8', dash: '', pick: (s: FanoutStep) => s.plain.p99 },
    { name: 'plain ws p50', color: '#1f5fa8', dash: '6 4', pick: (s: FanoutStep) => s.plain.p50 },
  ];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2 - 60}" y="22" text-anchor="middle" font-size="15">Fan-out: event-to-client latency against subscribers</text>`,
  ];
  for (let e = lo; e <= hi; e++) {
    const v = 10 ** e;
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/>`,
      `<text x="${PAD.left - 8}" y="${y(v) + 4}" text-anchor="end">${v >= 1000 ? `${v / 1000} s` : `${v} ms`}</text>`,
    );
  }
  for (const v of xs) {
    parts.push(
      `<text x="${x(v)}" y="${H - PAD.bottom + 18}" text-anchor="middle">${v.toLocaleString('en-GB')}</text>`,
    );
  }
  parts.push(
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#333"/>`,
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#333"/>`,
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 15}" text-anchor="middle">graphql-ws subscribers on one API process (plain ws: sockets)</text>`,
    `<text transform="translate(14 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle">latency (log scale)</text>`,
  );
  series.forEach((s, i) => {
    const points = steps
      .filter((st) => Number.isFinite(s.pick(st)))
      .map((st) => `${x(st.subscribers)},${y(s.pick(st))}`);
    parts.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''} points="${points.join(' ')}"/>`,
    );
    for (const p of points) {
      const [cx, cy] = p.split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${s.color}"/>`);
    }
    const ly = PAD.top + 10 + i * 22;
    parts.push(
      `<line x1="${W - PAD.right + 15}" x2="${W - PAD.right + 45}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''}/>`,
      `<text x="${W - PAD.right + 52}" y="${ly + 4}">${s.name}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

import {
  formatDateKey,
  formatLondonDate,
  formatLondonDateTime,
  formatLondonTime,
  SUPERVISION_LEVEL_LABELS,
} from '@kinroom/domain';
import PDFDocument from 'pdfkit';
import type { BundleFlag, CourtBundle, BundleSession } from './bundle.data.js';

const MARGIN = 56;
const BODY = 10;
const SMALL = 8.5;
const MUTED = '#444444';

/**
 * The court bundle as a PDF (docs/court-bundle.md): a cover page, the contact agreements and their life, every
 * session with its attendance, absence notices, observation record (facts apart from opinion) and amendments, the
 * flags, and the result of the evidence-chain check; "Page N of M" on every page. Text only, in the PDF's standard
 * fonts, so that the file is small and its words can be searched and copied into a statement.
 */
export function renderCourtBundle(b: CourtBundle): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: `Contact history of ${b.child.firstName} ${b.child.lastName}`,
      Author: b.producedBy,
      Subject: `Court bundle, ${b.range.from} to ${b.range.to}`,
      Creator: 'Kinroom',
      CreationDate: b.producedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc);

  cover(w, b);
  doc.addPage();
  agreements(w, b);
  sessions(w, b);
  looseFlags(w, b);
  verification(w, b);
  pageNumbers(doc);
  doc.end();
  return done;
}

/** The few ways the bundle writes text, so that every part of it looks alike. */
class Writer {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  heading(text: string, size = 14) {
    // Room for the heading and the first lines under it.
    this.keepRoom(size * 9);
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor('black').text(pdfText(text));
    this.doc.moveDown(0.3);
  }

  subheading(text: string) {
    this.keepRoom(40);
    this.doc
      .moveDown(0.3)
      .font('Helvetica-Bold')
      .fontSize(BODY + 1)
      .fillColor('black')
      .text(pdfText(text));
  }

  line(label: string, value: string) {
    this.doc
      .font('Helvetica-Bold')
      .fontSize(BODY)
      .fillColor('black')
      .text(`${pdfText(label)}: `, { continued: true })
      .font('Helvetica')
      .text(pdfText(value));
  }

  /** A label, then each item on its own bulleted line. */
  list(label: string, items: readonly string[]) {
    this.doc
      .font('Helvetica-Bold')
      .fontSize(BODY)
      .fillColor('black')
      .text(`${pdfText(label)}:`);
    this.doc
      .font('Helvetica')
      .list(items.map(pdfText), { bulletRadius: 1.5, textIndent: 10, bulletIndent: 4 });
  }

  para(text: string, muted = false) {
    this.doc
      .font('Helvetica')
      .fontSize(muted ? SMALL : BODY)
      .fillColor(muted ? MUTED : 'black')
      .text(pdfText(text));
  }

  gap(lines = 0.5) {
    this.doc.moveDown(lines);
  }

  /** Starts a new page when less than `points` remain, so a heading never sits alone at a page's foot. */
  keepRoom(points: number) {
    const bottom = this.doc.page.height - this.doc.page.margins.bottom;
    if (this.doc.y + points > bottom) this.doc.addPage();
  }
}

function cover(w: Writer, b: CourtBundle) {
  const { doc } = w;
  doc.moveDown(6);
  doc.font('Helvetica').fontSize(12).fillColor(MUTED).text('CONFIDENTIAL: a looked-after child’s record');
  doc.moveDown(1);
  doc.font('Helvetica-Bold').fontSize(24).fillColor('black').text('Contact history: court bundle');
  doc.moveDown(1.5);
  w.line('Child', `${b.child.firstName} ${b.child.lastName}`);
  w.line('Date of birth', formatDateKey(b.child.dateOfBirth));
  w.line('Period', `${formatDateKey(b.range.from)} to ${formatDateKey(b.range.to)} (both included)`);
  w.line('Produced by', b.producedBy);
  w.line('Produced on', `${formatLondonDateTime(b.producedAt)} (London time)`);
  w.gap(1);
  w.line('Sessions in the period', String(b.sessions.length));
  w.line(
    'Evidence chain',
    b.chain.intact ? 'intact (verified when this bundle was produced)' : 'BROKEN: see the last section',
  );
  w.gap(2);
  w.para(
    'Observation records show what the supervisor saw and heard (facts) apart from their opinion, as they were ' +
      'written. A final record is never changed: anything added later is an amendment, shown with its author, date ' +
      'and reason. Times are London times.',
    true,
  );
}

function agreements(w: Writer, b: CourtBundle) {
  w.heading('Contact agreements');
  if (b.agreements.length === 0) w.para('No contact agreement was in force or written in this period.');
  for (const { agreement: a, participants } of b.agreements) {
    w.subheading(
      `Agreement written ${formatLondonDate(a.createdAt)}: ${a.status}${a.signedAt ? `, signed ${formatLondonDate(a.signedAt)}` : ''}`,
    );
    w.line(
      'Contact',
      `${SUPERVISION_LEVEL_LABELS[a.supervisionLevel]}; ${a.sessionsPerWeek} a week of ${a.sessionMinutes} minutes`,
    );
    if (participants.length) {
      w.line('Family members', participants.map((p) => `${p.firstName} (${p.relationship})`).join(', '));
    }
    if (a.supervisionReasons.length) w.list('Why that supervision', a.supervisionReasons);
    w.line('Transport', a.transportPlan);
    if (a.conditions.length) w.list('Conditions', a.conditions);
    w.line('Review date', formatDateKey(a.reviewDate));
    if (a.endedAt) w.line('Ended', `${formatLondonDate(a.endedAt)}: ${a.endReason ?? 'no reason recorded'}`);
  }
  const events = [...b.events].reverse();
  if (events.length === 0) return;
  w.subheading('The agreements’ life, oldest first');
  for (const e of events) {
    w.para(`${formatLondonDateTime(e.at)}: ${e.summary}`);
    const n = e.suspensionNotice;
    if (n) {
      w.subheading('Suspension notice');
      w.line('Issued', formatLondonDateTime(n.issuedAt));
      w.line('Decision', n.decision);
      w.list('Reasons', n.reasons);
      w.list(
        'Missed sessions',
        n.missedSessions.map((m) => (m.startsAt ? formatLondonDateTime(m.startsAt) : 'date not recorded')),
      );
      w.line('Duration', n.duration);
      w.list('What the parent can do', n.parentActions);
      w.gap(0.3);
    }
  }
}

function sessions(w: Writer, b: CourtBundle) {
  w.heading('Sessions, oldest first');
  if (b.sessions.length === 0) w.para('No session was booked in this period.');
  for (const s of [...b.sessions].reverse()) session(w, s);
}

function session(w: Writer, s: BundleSession) {
  w.keepRoom(90);
  w.heading(
    `${formatLondonDate(s.startsAt)}, ${formatLondonTime(s.startsAt)} to ${formatLondonTime(s.endsAt)}`,
    12,
  );
  w.line('Session', `${s.kind}, ${s.status}`);
  w.line('Place', s.place);
  w.line('Supervisor', s.supervisor);
  w.line('Attendance', s.attendance ?? 'not recorded');
  if (s.cancellation) w.line('Cancelled', s.cancellation);
  for (const n of s.notices) {
    w.line(
      'Absence notice',
      `received ${formatLondonDateTime(n.receivedAt)} from ${n.givenBy} by ${n.recordedBy}: ${n.reason}` +
        (n.explainsAbsence
          ? ' (given before the session: explains the absence)'
          : ' (given after the start)'),
    );
  }
  if (s.report) w.line('Observation report', s.report);
  const o = s.observation;
  if (o) {
    w.line(
      'Observation record',
      `written by ${o.author}${o.reviewer ? `, approved by ${o.reviewer}` : ''}${o.finalisedAt ? `, final ${formatLondonDateTime(o.finalisedAt)}` : ''}`,
    );
    for (const x of o.sections) {
      if (!x.facts && !x.opinion) continue;
      w.subheading(x.label);
      w.line('Facts', x.facts || 'none recorded');
      w.line('Opinion', x.opinion || 'none given');
    }
    for (const m of o.amendments) {
      w.subheading(`Amendment by ${m.author}, ${formatLondonDateTime(m.createdAt)}`);
      w.line('Reason', m.reason);
      w.para(m.text);
    }
  }
  for (const f of s.flags) flag(w, f);
}

function flag(w: Writer, f: BundleFlag) {
  w.subheading(`Safeguarding flag: ${f.category} (${f.severity})`);
  w.line('Raised', `${formatLondonDateTime(f.raisedAt)} by ${f.raisedBy}; now ${f.status}`);
  w.para(f.description);
  if (f.outcome) w.line('Outcome', f.outcome);
}

function looseFlags(w: Writer, b: CourtBundle) {
  w.heading('Safeguarding flags raised outside a session');
  if (b.flagsOutsideSessions.length === 0) w.para('None in this period.');
  for (const f of [...b.flagsOutsideSessions].reverse()) flag(w, f);
}

function verification(w: Writer, b: CourtBundle) {
  const c = b.chain;
  w.heading('Evidence-chain verification');
  w.para(
    c.intact
      ? `Evidence chain intact: ${c.checkedRecords} final records and amendments checked against their stored hashes and signatures.`
      : `Evidence chain BROKEN at record ${c.firstBrokenRecordId ?? 'unknown'}: ${c.problem ?? 'no detail'}.`,
  );
  w.line('Checked', `${formatLondonDateTime(c.verifiedAt)} (London time)`);
  w.line('Signing key fingerprint', c.keyFingerprint);
  if (c.headHash) w.line('Latest link', c.headHash);
  w.para(
    'The check covers every final observation record and amendment of the child, not only those in this period.',
    true,
  );
}

/** "Page N of M" at the foot of every page, once all pages are known. */
function pageNumbers(doc: PDFKit.PDFDocument) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(SMALL)
      .fillColor(MUTED)
      .text(`Page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN, {
        width: doc.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * Text in the standard PDF fonts' character set (Windows-1252): the few characters Kinroom's words use beyond it are
 * written with the nearest ones it has, rather than appearing as stray symbols.
 */
function pdfText(s: string): string {
  return s
    .replace(/→/g, '->')
    .replace(/[≤]/g, '<=')
    .replace(/[≥]/g, '>=')
    .replace(/[\u2010-\u2012]/g, '-');
}

// The default rule set (rules/*.yaml) in GoRules ZEN, json-rules-engine and hand-written
// JavaScript, run on the applications bench_rules wrote as JSON lines, each checked against
// the C++ engine's outcome (recommendation and the set of rules that triggered).
//
//   node bench.js [data/apps.jsonl] [--zen N] [--jre N] [--js-repeat N]
//
// Prints evaluations per second (wall clock) and per CPU-second ("per core": ZEN evaluates
// on libuv worker threads, so its wall-clock rate can exceed one core's).
'use strict';
const fs = require('fs');
const path = require('path');
const { ZenEngine } = require('@gorules/zen-engine');
const { Engine } = require('json-rules-engine');

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) || path.join(__dirname, 'data', 'apps.jsonl');
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ZEN_N = opt('--zen', 100000);
const JRE_N = opt('--jre', 100000);
const JS_REPEAT = opt('--js-repeat', 20);

const IDS = ['DV-1', 'DV-2', 'DV-3', 'DV-4', 'DV-5', 'DV-6', 'DV-7', 'GE-1', 'GE-2', 'GE-3', 'GE-4', 'GE-5', 'GE-6',
  'GE-7', 'GE-8', 'GE-9', 'GE-10', 'GE-11', 'GE-12', 'BK-1', 'BK-2', 'BK-3', 'BK-4'];
const OUTCOME = {
  'DV-1': 'flag', 'DV-2': 'flag', 'DV-3': 'flag', 'DV-4': 'flag', 'DV-5': 'flag', 'DV-6': 'needs_info', 'DV-7': 'note',
  'GE-1': 'ineligible', 'GE-2': 'needs_info', 'GE-3': 'needs_info', 'GE-4': 'ineligible', 'GE-5': 'ineligible',
  'GE-6': 'ineligible', 'GE-7': 'ineligible', 'GE-8': 'needs_info', 'GE-9': 'needs_info', 'GE-10': 'needs_info',
  'GE-11': 'note', 'GE-12': 'note', 'BK-1': 'ineligible', 'BK-2': 'ineligible', 'BK-3': 'note', 'BK-4': 'note',
};
const CAPS = { activity: 200000, project: 150000, premises: 300000, start: 10000, event: 50000 };

// ---- facts: dates become day numbers, windows are computed once per application --------
const MS_PER_DAY = 86400000;
function dayOf(iso) {
  if (iso === undefined || iso === null) return null;
  return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / MS_PER_DAY;
}
// submitted - n months, the day clamped to the month's end (Date::AddMonths in C++).
function monthsBefore(iso, n) {
  const y = +iso.slice(0, 4), m = +iso.slice(5, 7) - 1, d = +iso.slice(8, 10);
  const total = y * 12 + m - n;
  const yy = Math.floor(total / 12), mm = total - yy * 12;
  const last = new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate();
  return Date.UTC(yy, mm, Math.min(d, last)) / MS_PER_DAY;
}
function prepare(a) {
  const o = a.organisation || {};
  const nul = (v) => (v === undefined ? null : v);
  return {
    kind: a.kind,
    t5y: monthsBefore(a.submitted_on, 60),
    t2y: monthsBefore(a.submitted_on, 24),
    t15m: monthsBefore(a.submitted_on, 15),
    org: {
      registered_non_profit: nul(o.registered_non_profit),
      statutes_adopted: dayOf(o.statutes_adopted),
      last_annual_meeting: dayOf(o.last_annual_meeting),
      board_size: nul(o.board_size), member_count: nul(o.member_count), members_resident: nul(o.members_resident),
      members_aged_7_25: nul(o.members_aged_7_25), has_bankgiro: !!o.has_bankgiro, has_plusgiro: !!o.has_plusgiro,
    },
    grant: a.grant ? { type: a.grant.type, amount_sek: nul(a.grant.amount_sek) } : null,
    booking: a.booking ? {
      public: a.booking.public, expected_attendees: nul(a.booking.expected_attendees),
      overlapping_bookings: a.booking.overlapping_bookings,
    } : null,
    capacity: a.premises && a.premises.capacity !== undefined ? a.premises.capacity : null,
    attachments: a.attachments,
    democracy_accepted: a.declarations ? nul(a.declarations.democracy_conditions_accepted) : null,
    incidents: a.incidents.map((i) => ({
      kind: i.kind, occurred: dayOf(i.occurred_on), verified: i.verified, attribution: i.attribution,
      distanced: i.distanced,
    })),
    revocations: a.revocations.map((r) => ({ revoked: dayOf(r.revoked_on), democracy_reason: r.democracy_reason })),
    conditions: a.conditions.map((c) => ({ status: c.status })),
  };
}

function recommend(triggered) {
  let r = 'cleared';
  const rank = { cleared: 0, needs_info: 1, flag: 2, ineligible: 3 };
  for (const id of triggered) {
    const o = OUTCOME[id];
    if (o !== 'note' && rank[o] > rank[r]) r = o;
  }
  return r;
}

// ---- hand-written JavaScript ----------------------------------------------------------
const DV1 = new Set(['violence', 'threat', 'coercion']);
const DVK = new Set(['violence', 'threat', 'coercion', 'discrimination', 'incitement', 'unlawful_influence']);
function handWritten(f) {
  const t = [];
  const booking = f.kind === 'booking';
  let dv = [false, false, false, false], dv7 = false, ge12 = false, bk3 = false;
  for (const i of f.incidents) {
    const in5 = i.occurred >= f.t5y;
    if (i.verified && !i.distanced && in5 && (i.attribution !== 'speaker' || booking)) {
      if (DV1.has(i.kind)) dv[0] = true;
      else if (i.kind === 'discrimination') dv[1] = true;
      else if (i.kind === 'incitement') dv[2] = true;
      else if (i.kind === 'unlawful_influence') dv[3] = true;
    }
    if (in5 && DVK.has(i.kind) && (!i.verified || i.distanced)) dv7 = true;
    if (in5 && i.verified && i.kind === 'grant_misuse') ge12 = true;
    if (i.occurred >= f.t2y && i.verified && i.kind === 'rental_breach' && i.attribution !== 'speaker') bk3 = true;
  }
  if (dv[0]) t.push('DV-1');
  if (dv[1]) t.push('DV-2');
  if (dv[2]) t.push('DV-3');
  if (dv[3]) t.push('DV-4');
  if (f.revocations.some((r) => r.democracy_reason && r.revoked >= f.t5y)) t.push('DV-5');
  if (f.democracy_accepted !== true) t.push('DV-6');
  if (dv7) t.push('DV-7');
  if (!booking) {
    const o = f.org, g = f.grant, att = f.attachments;
    if (o.registered_non_profit !== true) t.push('GE-1');
    if (o.statutes_adopted === null || !att.includes('statutes')) t.push('GE-2');
    if (o.last_annual_meeting === null || o.last_annual_meeting < f.t15m) t.push('GE-3');
    if (o.board_size !== null && o.board_size < 3) t.push('GE-4');
    if (o.member_count !== null && o.member_count < 10) t.push('GE-5');
    if (o.members_resident !== null && o.member_count !== null && o.members_resident < o.member_count / 2) t.push('GE-6');
    if (g.type === 'activity' && o.members_aged_7_25 !== null && o.members_aged_7_25 < 10) t.push('GE-7');
    if (g.amount_sek !== null && g.amount_sek > CAPS[g.type]) t.push('GE-8');
    if ((g.type === 'activity' || g.type === 'premises') &&
        (!att.includes('annual_report') || !att.includes('financial_statement'))) t.push('GE-9');
    if (!o.has_bankgiro && !o.has_plusgiro) t.push('GE-10');
    if (f.conditions.some((c) => c.status === 'overdue' || c.status === 'breached')) t.push('GE-11');
    if (ge12) t.push('GE-12');
  } else {
    const b = f.booking;
    if (b.overlapping_bookings > 0) t.push('BK-1');
    if (b.expected_attendees !== null && f.capacity !== null && b.expected_attendees > f.capacity) t.push('BK-2');
    if (bk3) t.push('BK-3');
    if (b.public && b.expected_attendees !== null && b.expected_attendees > 150) t.push('BK-4');
  }
  return t;
}

// ---- GoRules ZEN: one expression node, one expression per rule ---------------------------
function zenDecision() {
  const attributable = '(#.attribution in ["organisation", "cooperation_organisation", "representative"] or ' +
    '(kind == "booking" and #.attribution == "speaker"))';
  const dvKind = (kinds) => `some(incidents, #.kind in [${kinds.map((k) => `"${k}"`).join(', ')}] and #.verified and ` +
    `not #.distanced and #.occurred >= t5y and ${attributable})`;
  const grant = (e) => `kind == "grant" ? (${e}) : null`;
  const booking = (e) => `kind == "booking" ? (${e}) : null`;
  const capExpr = 'grant.type == "activity" ? 200000 : grant.type == "project" ? 150000 : ' +
    'grant.type == "premises" ? 300000 : grant.type == "start" ? 10000 : 50000';
  const rules = {
    'DV-1': dvKind(['violence', 'threat', 'coercion']),
    'DV-2': dvKind(['discrimination']),
    'DV-3': dvKind(['incitement']),
    'DV-4': dvKind(['unlawful_influence']),
    'DV-5': 'some(revocations, #.democracy_reason and #.revoked >= t5y)',
    'DV-6': 'democracy_accepted != true',
    'DV-7': 'some(incidents, #.kind in ["violence", "threat", "coercion", "discrimination", "incitement", ' +
      '"unlawful_influence"] and #.occurred >= t5y and (not #.verified or #.distanced))',
    'GE-1': grant('org.registered_non_profit != true'),
    'GE-2': grant('org.statutes_adopted == null or not ("statutes" in attachments)'),
    'GE-3': grant('org.last_annual_meeting == null or org.last_annual_meeting < t15m'),
    'GE-4': grant('org.board_size != null and org.board_size < 3'),
    'GE-5': grant('org.member_count != null and org.member_count < 10'),
    'GE-6': grant('org.members_resident != null and org.member_count != null and ' +
      'org.members_resident < org.member_count / 2'),
    'GE-7': 'kind == "grant" and grant.type == "activity" ? ' +
      '(org.members_aged_7_25 != null and org.members_aged_7_25 < 10) : null',
    'GE-8': grant(`grant.amount_sek != null and grant.amount_sek > (${capExpr})`),
    'GE-9': 'kind == "grant" and grant.type in ["activity", "premises"] ? ' +
      '(not ("annual_report" in attachments) or not ("financial_statement" in attachments)) : null',
    'GE-10': grant('not org.has_bankgiro and not org.has_plusgiro'),
    'GE-11': grant('some(conditions, #.status in ["overdue", "breached"])'),
    'GE-12': grant('some(incidents, #.kind == "grant_misuse" and #.verified and #.occurred >= t5y)'),
    'BK-1': booking('booking.overlapping_bookings > 0'),
    'BK-2': booking('booking.expected_attendees != null and capacity != null and ' +
      'booking.expected_attendees > capacity'),
    'BK-3': booking('some(incidents, #.kind == "rental_breach" and #.verified and #.occurred >= t2y and ' +
      '#.attribution in ["organisation", "cooperation_organisation", "representative"])'),
    'BK-4': booking('booking.public and booking.expected_attendees != null and booking.expected_attendees > 150'),
  };
  const key = (id) => id.replace('-', '_');
  const expressions = IDS.map((id, n) => ({ id: `x${n}`, key: key(id), value: rules[id] }));
  const r = (ids) => ids.map((id) => `$.${key(id)} == true`).join(' or ');
  expressions.push({
    id: 'rec', key: 'recommendation',
    value: `(${r(IDS.filter((i) => OUTCOME[i] === 'ineligible'))}) ? "ineligible" : ` +
      `(${r(IDS.filter((i) => OUTCOME[i] === 'flag'))}) ? "flag" : ` +
      `(${r(IDS.filter((i) => OUTCOME[i] === 'needs_info'))}) ? "needs_info" : "cleared"`,
  });
  return {
    contentType: 'application/vnd.gorules.decision',
    nodes: [
      { id: 'in', type: 'inputNode', name: 'Application', position: { x: 0, y: 0 } },
      { id: 'rules', type: 'expressionNode', name: 'Default rule set', position: { x: 200, y: 0 }, content: { expressions } },
      { id: 'out', type: 'outputNode', name: 'Screening', position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: 'e1', sourceId: 'in', targetId: 'rules', type: 'edge' },
      { id: 'e2', sourceId: 'rules', targetId: 'out', type: 'edge' },
    ],
  };
}

// ---- json-rules-engine: JSON rules; list quantifiers and derived values as dynamic facts --
function jreEngine() {
  const engine = new Engine([], { allowUndefinedFacts: true });
  // Generic dynamic facts, parameterised from the rules' JSON.
  engine.addFact('incident_match', async (params, almanac) => {
    const [incidents, kind, t] = await Promise.all([almanac.factValue('incidents'), almanac.factValue('kind'),
      almanac.factValue(params.window)]);
    return incidents.some((i) => params.kinds.includes(i.kind) && t !== null && i.occurred >= t &&
      (params.verified === undefined || i.verified === params.verified) &&
      (params.not_distanced === undefined || !i.distanced) &&
      (params.unverified_or_distanced === undefined || !i.verified || i.distanced) &&
      (params.attributions === undefined || params.attributions.includes(i.attribution) ||
        (params.speaker_in_booking && kind === 'booking' && i.attribution === 'speaker')));
  });
  engine.addFact('revocation_match', async (params, almanac) => {
    const [revocations, t] = await Promise.all([almanac.factValue('revocations'), almanac.factValue('t5y')]);
    return revocations.some((r) => r.democracy_reason && r.revoked >= t);
  });
  engine.addFact('condition_statuses', async (params, almanac) =>
    (await almanac.factValue('conditions')).map((c) => c.status));
  engine.addFact('members_half', async (params, almanac) => {
    const org = await almanac.factValue('org');
    return org.member_count === null ? null : org.member_count / 2;
  });
  engine.addFact('grant_cap', async (params, almanac) => {
    const g = await almanac.factValue('grant');
    return g ? params.caps[g.type] : null;
  });
  engine.addOperator('intersects', (a, b) => Array.isArray(a) && a.some((x) => b.includes(x)));
  const isGrant = { fact: 'kind', operator: 'equal', value: 'grant' };
  const isBooking = { fact: 'kind', operator: 'equal', value: 'booking' };
  const attributions = ['organisation', 'cooperation_organisation', 'representative'];
  const dv = (kinds) => ({ all: [{ fact: 'incident_match', operator: 'equal', value: true,
    params: { kinds, verified: true, not_distanced: true, window: 't5y', attributions, speaker_in_booking: true } }] });
  const rules = {
    'DV-1': dv(['violence', 'threat', 'coercion']),
    'DV-2': dv(['discrimination']),
    'DV-3': dv(['incitement']),
    'DV-4': dv(['unlawful_influence']),
    'DV-5': { all: [{ fact: 'revocation_match', operator: 'equal', value: true }] },
    'DV-6': { all: [{ fact: 'democracy_accepted', operator: 'notEqual', value: true }] },
    'DV-7': { all: [{ fact: 'incident_match', operator: 'equal', value: true, params: {
      kinds: ['violence', 'threat', 'coercion', 'discrimination', 'incitement', 'unlawful_influence'],
      window: 't5y', unverified_or_distanced: true } }] },
    'GE-1': { all: [isGrant, { fact: 'org', path: '$.registered_non_profit', operator: 'notEqual', value: true }] },
    'GE-2': { all: [isGrant, { any: [
      { fact: 'org', path: '$.statutes_adopted', operator: 'equal', value: null },
      { fact: 'attachments', operator: 'doesNotContain', value: 'statutes' }] }] },
    'GE-3': { all: [isGrant, { any: [
      { fact: 'org', path: '$.last_annual_meeting', operator: 'equal', value: null },
      { fact: 'org', path: '$.last_annual_meeting', operator: 'lessThan', value: { fact: 't15m' } }] }] },
    'GE-4': { all: [isGrant, { fact: 'org', path: '$.board_size', operator: 'lessThan', value: 3 }] },
    'GE-5': { all: [isGrant, { fact: 'org', path: '$.member_count', operator: 'lessThan', value: 10 }] },
    'GE-6': { all: [isGrant, { fact: 'org', path: '$.members_resident', operator: 'lessThan',
      value: { fact: 'members_half' } }] },
    'GE-7': { all: [isGrant, { fact: 'grant', path: '$.type', operator: 'equal', value: 'activity' },
      { fact: 'org', path: '$.members_aged_7_25', operator: 'lessThan', value: 10 }] },
    'GE-8': { all: [isGrant, { fact: 'grant', path: '$.amount_sek', operator: 'greaterThan',
      value: { fact: 'grant_cap', params: { caps: CAPS } } }] },
    'GE-9': { all: [isGrant, { fact: 'grant', path: '$.type', operator: 'in', value: ['activity', 'premises'] },
      { any: [{ fact: 'attachments', operator: 'doesNotContain', value: 'annual_report' },
        { fact: 'attachments', operator: 'doesNotContain', value: 'financial_statement' }] }] },
    'GE-10': { all: [isGrant, { fact: 'org', path: '$.has_bankgiro', operator: 'equal', value: false },
      { fact: 'org', path: '$.has_plusgiro', operator: 'equal', value: false }] },
    'GE-11': { all: [isGrant, { fact: 'condition_statuses', operator: 'intersects', value: ['overdue', 'breached'] }] },
    'GE-12': { all: [isGrant, { fact: 'incident_match', operator: 'equal', value: true,
      params: { kinds: ['grant_misuse'], verified: true, window: 't5y' } }] },
    'BK-1': { all: [isBooking, { fact: 'booking', path: '$.overlapping_bookings', operator: 'greaterThan', value: 0 }] },
    'BK-2': { all: [isBooking, { fact: 'capacity', operator: 'notEqual', value: null },
      { fact: 'booking', path: '$.expected_attendees', operator: 'greaterThan', value: { fact: 'capacity' } }] },
    'BK-3': { all: [isBooking, { fact: 'incident_match', operator: 'equal', value: true,
      params: { kinds: ['rental_breach'], verified: true, window: 't2y', attributions } }] },
    'BK-4': { all: [isBooking, { fact: 'booking', path: '$.public', operator: 'equal', value: true },
      { fact: 'booking', path: '$.expected_attendees', operator: 'greaterThan', value: 150 }] },
  };
  for (const id of IDS) engine.addRule({ name: id, conditions: rules[id], event: { type: id } });
  return engine;
}

// ---- driver -------------------------------------------------------------------------------
function sameSet(a, b) {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

async function main() {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  const apps = lines.map((l) => JSON.parse(l));
  const facts = apps.map(prepare);
  const expect = apps.map((a) => a.expect);
  console.log(`data: ${apps.length} applications from ${file}`);
  const results = {};

  // Hand-written JavaScript, repeated to get a stable figure.
  {
    let disagree = 0;
    for (let i = 0; i < facts.length; i++) {
      const t = handWritten(facts[i]);
      if (recommend(t) !== expect[i].recommendation || !sameSet(t, expect[i].triggered)) disagree++;
    }
    let best = Infinity;
    for (let r = 0; r < JS_REPEAT; r++) {
      const t0 = process.hrtime.bigint();
      let sum = 0;
      for (let i = 0; i < facts.length; i++) sum += handWritten(facts[i]).length;
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      if (s < best) best = s;
      if (sum < 0) console.log(sum);
    }
    results.js = { n: facts.length, evals_per_s: facts.length / best, per_core: facts.length / best, disagree };
  }

  // GoRules ZEN: createDecision once, then decision.evaluate(input) per application.
  {
    const engine = new ZenEngine();
    const decision = engine.createDecision(zenDecision());
    const n = Math.min(ZEN_N, facts.length);
    let disagree = 0;
    const check = (i, res) => {
      const out = res.result;
      const t = IDS.filter((id) => out[id.replace('-', '_')] === true);
      if (out.recommendation !== expect[i].recommendation || !sameSet(t, expect[i].triggered)) {
        if (disagree < 3) console.error('zen disagrees', i, out.recommendation, t, expect[i]);
        disagree++;
      }
    };
    // Warm up, then run with a bounded number of evaluations in flight, as a server would.
    for (let i = 0; i < Math.min(1000, n); i++) await decision.evaluate(facts[i]);
    const inFlight = 64;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let start = 0; start < n; start += inFlight) {
      const batch = [];
      for (let i = start; i < Math.min(n, start + inFlight); i++)
        batch.push(decision.evaluate(facts[i]).then((res) => check(i, res)));
      await Promise.all(batch);
    }
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    results.zen = { n, evals_per_s: n / s, per_core: n / cpuS, cpu_s: cpuS, wall_s: s, disagree };
    engine.dispose();
  }

  // json-rules-engine: engine.run(facts) per application.
  {
    const engine = jreEngine();
    const n = Math.min(JRE_N, facts.length);
    let disagree = 0;
    for (let i = 0; i < Math.min(1000, n); i++) await engine.run(facts[i]);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const { events } = await engine.run(facts[i]);
      const t = events.map((e) => e.type);
      if (recommend(t) !== expect[i].recommendation || !sameSet(t, expect[i].triggered)) {
        if (disagree < 3) console.error('json-rules-engine disagrees', i, t, expect[i]);
        disagree++;
      }
    }
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    results.jre = { n, evals_per_s: n / s, per_core: n / cpuS, cpu_s: cpuS, wall_s: s, disagree };
  }

  const f = (x) => Math.round(x).toLocaleString('en-US');
  console.log(`hand-written JavaScript: ${f(results.js.evals_per_s)} evals/s (single thread, best of ${JS_REPEAT}), ` +
    `disagreements ${results.js.disagree} of ${results.js.n}`);
  console.log(`GoRules ZEN ${require('@gorules/zen-engine/package.json').version}: ${f(results.zen.evals_per_s)} evals/s wall, ` +
    `${f(results.zen.per_core)} evals per CPU-second, disagreements ${results.zen.disagree} of ${results.zen.n}`);
  console.log(`json-rules-engine ${require('json-rules-engine/package.json').version}: ${f(results.jre.evals_per_s)} evals/s wall, ` +
    `${f(results.jre.per_core)} evals per CPU-second, disagreements ${results.jre.disagree} of ${results.jre.n}`);
  console.log('RESULT ' + ['js', 'zen', 'jre'].map((k) =>
    `${k}_evals_per_s=${Math.round(results[k].evals_per_s)} ${k}_per_core=${Math.round(results[k].per_core)} ` +
    `${k}_n=${results[k].n} ${k}_disagree=${results[k].disagree}`).join(' '));
  const bad = results.js.disagree + results.zen.disagree + results.jre.disagree;
  process.exit(bad === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});

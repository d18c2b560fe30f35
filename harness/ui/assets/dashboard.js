// The pushsim dashboard page: follows /events (server-sent events) and changes faults over /api/faults.
// Everything shown comes from clients of the simulators, so it is set as text, never as HTML.
'use strict'

const MAX_ROWS = 200
const CHART_SECONDS = 60
const $ = (selector) => document.querySelector(selector)

function el(tag, text, attributes) {
  const node = document.createElement(tag)
  if (text !== undefined && text !== null) node.textContent = String(text)
  for (const [name, value] of Object.entries(attributes ?? {})) node.setAttribute(name, value)
  return node
}

function row(cells, attributes) {
  const tr = el('tr', undefined, attributes)
  for (const cell of cells) tr.append(cell instanceof Node ? cell : el('td', cell ?? '—'))
  return tr
}

const num = (value) => el('td', value === null || value === undefined ? '—' : String(value), { class: 'num' })

// ---- Exchanges: counters, a chart of the rate per status class, the latest rows ----

let counters = {}

function renderCounters(next) {
  counters = next
  const statuses = [...new Set(Object.values(counters).flatMap((byStatus) => Object.keys(byStatus)))].sort()
  const head = $('#counters thead tr')
  head.replaceChildren(el('th', 'Provider'), ...statuses.map((status) => el('th', status, { class: 'num' })), el('th', 'All', { class: 'num' }))
  const body = $('#counters tbody')
  body.replaceChildren(
    ...Object.keys(counters)
      .sort()
      .map((provider) => {
        const byStatus = counters[provider]
        const total = Object.values(byStatus).reduce((sum, count) => sum + count, 0)
        return row([el('td', provider), ...statuses.map((status) => num(byStatus[status] ?? 0)), num(total)], { 'data-provider': provider })
      }),
  )
}

function statusClass(status) {
  if (/^2\d\d$/.test(status)) return '2xx'
  if (/^4\d\d$/.test(status)) return '4xx'
  if (/^5\d\d$/.test(status)) return '5xx'
  return 'other'
}

function addExchangeRows(rows, replace) {
  const body = $('#exchanges tbody')
  const made = rows.map((r) =>
    row(
      [num(r.seq), el('td', r.at.slice(11, 23)), el('td', r.provider), el('td', r.status, { class: `status s${statusClass(r.status)}` }), el('td', r.reason ?? '—'), el('td', r.target ?? '—', { class: 'target' }), el('td', r.faults.join(', ') || '—'), num(r.durationMs)],
      { 'data-provider': r.provider, 'data-status': r.status },
    ),
  )
  if (replace) body.replaceChildren()
  // Newest first.
  for (const tr of made) body.prepend(tr)
  while (body.children.length > MAX_ROWS) body.lastElementChild.remove()
}

const classTotals = () => {
  const totals = { '2xx': 0, '4xx': 0, '5xx': 0, other: 0 }
  for (const byStatus of Object.values(counters)) for (const [status, count] of Object.entries(byStatus)) totals[statusClass(status)] += count
  return totals
}

let chart
let lastTotals
function setUpChart() {
  if (typeof Chart === 'undefined') return
  const colours = { '2xx': '#2e7d32', '4xx': '#ef6c00', '5xx': '#c62828', other: '#6a1b9a' }
  chart = new Chart($('#rate-chart'), {
    type: 'line',
    data: { labels: [], datasets: Object.entries(colours).map(([label, colour]) => ({ label, data: [], borderColor: colour, backgroundColor: colour, pointRadius: 0, tension: 0.2 })) },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, title: { display: true, text: 'exchanges/s' } }, x: { ticks: { maxTicksLimit: 6 } } }, plugins: { legend: { position: 'bottom' } } },
  })
  // One point a second: the increase of the exact counters, so batching and missed rows do not distort it.
  setInterval(() => {
    const totals = classTotals()
    const previous = lastTotals ?? totals
    lastTotals = totals
    chart.data.labels.push(new Date().toISOString().slice(11, 19))
    for (const dataset of chart.data.datasets) dataset.data.push(totals[dataset.label] - previous[dataset.label])
    if (chart.data.labels.length > CHART_SECONDS) {
      chart.data.labels.shift()
      for (const dataset of chart.data.datasets) dataset.data.shift()
    }
    chart.update('none')
  }, 1000)
}

// ---- Simulators and run ----

function renderSimulators(sims) {
  $('#simulators').textContent = sims ? `seed ${sims.seed} · ${sims.recorded} exchanges recorded · virtual now ${sims.virtualNow}` : 'simulators not running'
}

const percent = (value) => (value === null || value === undefined ? '—' : `${Number(value).toFixed(2)} %`)

function renderRun(run) {
  $('#no-run').hidden = run.state !== 'none'
  $('#run-body').hidden = run.state === 'none'
  $('#run-panel').dataset.state = run.state
  if (run.state === 'none') return
  const p = run.progress
  const fields = {
    scenario: run.scenario,
    state: run.state,
    phase: p ? p.phase || 'setup' : 'setup',
    final: p ? `${p.final} / ${p.planned}` : '—',
    accepted: p ? p.acceptedPerSecond.toFixed(0) : '—',
    errors: p ? p.errors : '—',
    virtualNow: p ? p.virtualNow : '—',
  }
  for (const [name, value] of Object.entries(fields)) $(`#progress [data-field="${name}"]`).textContent = String(value)
  const ended = $('#run-ended')
  ended.hidden = run.ended === null
  if (run.ended) ended.textContent = `Run ${run.ended.status}: ${run.ended.message}`
  $('#campaigns tbody').replaceChildren(...run.campaigns.map((c) => row([el('td', c.name), el('td', c.kind), num(c.sent), num(c.views), num(c.clicks), el('td', percent(c.ctr), { class: 'num' })], { 'data-campaign': c.name })))
}

// ---- Faults ----

let schema
let faults = []
let editing

function describeMatch(match) {
  if (!match) return 'every exchange'
  return Object.entries(match)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ')
}

function describeSchedule(schedule) {
  if (!schedule || schedule.kind === 'always') return 'always'
  return Object.entries(schedule)
    .filter(([key]) => key !== 'kind')
    .reduce((text, [key, value]) => `${text} ${key}=${value}`, schedule.kind)
}

function renderFaults(state) {
  faults = state.faults
  $('#time-scale').textContent = state.timeScale === 1 ? '' : `(time scale ${state.timeScale})`
  $('#no-faults').hidden = faults.length > 0
  $('#faults tbody').replaceChildren(
    ...faults.map((fault) => {
      const edit = el('button', 'Change', { type: 'button', 'data-action': 'change', 'data-id': fault.id })
      const remove = el('button', 'Remove', { type: 'button', 'data-action': 'remove', 'data-id': fault.id })
      edit.addEventListener('click', () => startEditing(fault))
      remove.addEventListener('click', () => void send('DELETE', `/api/faults/${encodeURIComponent(fault.id)}`))
      const actions = el('td')
      actions.append(edit, ' ', remove)
      return row([el('td', fault.id), el('td', fault.type), el('td', describeMatch(fault.match)), num(fault.probability ?? 1), el('td', describeSchedule(fault.schedule)), el('td', JSON.stringify(fault.attributes), { class: 'attributes' }), actions], { 'data-fault': fault.id })
    }),
  )
}

function showError(error) {
  const box = $('#fault-error')
  if (!error) {
    box.hidden = true
    box.replaceChildren()
    return
  }
  box.hidden = false
  box.replaceChildren(el('strong', error.message))
  const problems = error.details && Array.isArray(error.details.problems) ? error.details.problems : []
  if (problems.length > 0) {
    const list = el('ul')
    for (const problem of problems) list.append(el('li', `${problem.path}: ${problem.message}`))
    box.append(list)
  }
  if (error.hint) box.append(el('p', error.hint, { class: 'muted' }))
}

/** A change to the faults; the answer's faults arrive over the event stream, an error is shown here. */
async function send(method, path, body) {
  const answer = await fetch(path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
  const value = await answer.json().catch(() => ({ error: { message: `HTTP ${answer.status}` } }))
  if (!answer.ok) {
    showError(value.error ?? { message: `HTTP ${answer.status}` })
    return false
  }
  showError(undefined)
  const current = await fetch('/api/faults').then((r) => r.json())
  renderFaults(current)
  return true
}

/** What a text field means: a number, a boolean, JSON for objects and lists, else the text. */
function valueOf(text) {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed)
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true'
  if (/^[[{]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed)
    } catch {
      return trimmed
    }
  }
  return trimmed
}

const textOf = (value) => (value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value))

function renderTypeFields(values) {
  const form = $('#fault-form')
  const type = schema.types.find((t) => t.name === form.elements.type.value)
  $('#type-summary').textContent = type ? `${type.summary} (e.g. ${type.example})` : ''
  $('#attribute-fields').replaceChildren(
    ...(type ? type.attributeKeys : []).map((key) => {
      const label = el('label', key)
      const input = el('input', undefined, { name: `attr:${key}`, type: 'text', 'data-attribute': key })
      if (type.name === 'error' && key === 'code') input.setAttribute('list', 'codes')
      input.value = textOf(values?.[key])
      label.append(input)
      return label
    }),
  )
}

function renderScheduleFields(values) {
  const kind = $('#fault-form').elements.schedule.value
  $('#schedule-fields').replaceChildren(
    ...(schema.schedules[kind] ?? []).map((key) => {
      const label = el('label', key)
      const input = el('input', undefined, { name: `schedule:${key}`, type: 'number', min: '0', step: 'any' })
      input.value = textOf(values?.[key])
      label.append(input)
      return label
    }),
  )
}

function renderCodes() {
  const provider = $('#fault-form').elements.provider.value
  $('#codes').replaceChildren(...schema.codes.filter((code) => provider === '' || code.provider === provider).map((code) => el('option', code.label, { value: code.name })))
}

function faultFromForm() {
  const form = $('#fault-form')
  const f = form.elements
  const fault = { type: f.type.value, attributes: {} }
  if (f.id.value.trim() !== '' && editing === undefined) fault.id = f.id.value.trim()
  const match = {}
  if (f.provider.value !== '') match.provider = f.provider.value
  if (f.target.value.trim() !== '') match.target = f.target.value.trim()
  if (Object.keys(match).length > 0) fault.match = match
  if (f.probability.value !== '') fault.probability = Number(f.probability.value)
  if (f.schedule.value !== 'always') {
    fault.schedule = { kind: f.schedule.value }
    for (const input of form.querySelectorAll('#schedule-fields input')) if (input.value !== '') fault.schedule[input.name.slice('schedule:'.length)] = Number(input.value)
  }
  for (const input of form.querySelectorAll('#attribute-fields input')) {
    const value = valueOf(input.value)
    if (value !== undefined) fault.attributes[input.dataset.attribute] = value
  }
  return fault
}

function startEditing(fault) {
  editing = fault.id
  const f = $('#fault-form').elements
  const provider = fault.match?.provider
  f.provider.value = typeof provider === 'string' ? provider : ''
  f.type.value = fault.type
  f.id.value = fault.id
  f.id.disabled = true
  f.probability.value = fault.probability === undefined || fault.probability === 1 ? '' : String(fault.probability)
  f.target.value = typeof fault.match?.target === 'string' ? fault.match.target : ''
  f.schedule.value = fault.schedule?.kind ?? 'always'
  renderScheduleFields(fault.schedule)
  renderTypeFields(fault.attributes)
  renderCodes()
  $('#fault-form-title').textContent = `Change fault ${fault.id}`
  $('#fault-submit').textContent = `Replace ${fault.id}`
  $('#fault-cancel').hidden = false
}

/** Back to an empty form for a new fault (after a change, or when one is cancelled or added). */
function stopEditing() {
  editing = undefined
  const form = $('#fault-form')
  form.reset()
  form.elements.id.disabled = false
  form.elements.type.value = 'error'
  renderTypeFields()
  renderScheduleFields()
  renderCodes()
  $('#fault-form-title').textContent = 'Add with the form'
  $('#fault-submit').textContent = 'Add'
  $('#fault-cancel').hidden = true
}

async function setUpFaultForms() {
  schema = await fetch('/api/fault-form').then((r) => r.json())
  const f = $('#fault-form').elements
  for (const provider of schema.providers) f.provider.append(el('option', provider, { value: provider }))
  for (const type of schema.types) f.type.append(el('option', `${type.name} (${type.scope})`, { value: type.name }))
  for (const kind of Object.keys(schema.schedules)) f.schedule.append(el('option', kind, { value: kind }))
  f.type.value = 'error'
  f.type.addEventListener('change', () => renderTypeFields())
  f.schedule.addEventListener('change', () => renderScheduleFields())
  f.provider.addEventListener('change', renderCodes)
  renderTypeFields()
  renderScheduleFields()
  renderCodes()

  $('#shorthand-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    const input = $('#shorthand')
    if (await send('POST', '/api/faults', { shorthand: input.value })) input.value = ''
  })
  $('#fault-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    const fault = faultFromForm()
    const done = editing === undefined ? await send('POST', '/api/faults', { fault }) : await send('PUT', `/api/faults/${encodeURIComponent(editing)}`, { fault })
    if (done) stopEditing()
  })
  $('#fault-cancel').addEventListener('click', stopEditing)
}

// ---- The event stream ----

function connect() {
  const status = $('#connection')
  const events = new EventSource('/events')
  const on = (name, handle) => events.addEventListener(name, (event) => handle(JSON.parse(event.data)))
  events.addEventListener('open', () => {
    status.textContent = 'live'
    status.dataset.state = 'live'
  })
  events.addEventListener('error', () => {
    status.textContent = 'reconnecting…'
    status.dataset.state = 'reconnecting'
  })
  on('snapshot', (s) => {
    renderSimulators(s.simulators)
    renderCounters(s.exchanges.counters)
    addExchangeRows(s.exchanges.rows, true)
    renderFaults(s.faults)
    renderRun(s.run)
  })
  on('exchanges', (e) => {
    renderCounters(e.counters)
    addExchangeRows(e.rows, false)
    if (e.skipped > 0) $('#skipped').textContent = `(${e.skipped} more arrived than the table keeps)`
  })
  on('faults', renderFaults)
  on('simulators', renderSimulators)
  on('run', renderRun)
}

setUpChart()
void setUpFaultForms()
connect()

// Screenshots of the built SPA with the API mocked in the browser (no backend needed).
//
//   npm run build
//   node_modules/.bin/vite preview --port 4173 --strictPort &
//   node scripts/screenshots.mjs [http://127.0.0.1:4173] [out-dir]
//
// Uses Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH); never downloads a browser.
// Mock data: deploy/demo/district.json. Also checks a few behaviours and exits non-zero if one fails.
import { readFileSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const base = process.argv[2] ?? 'http://127.0.0.1:4173'
const out = resolve(process.argv[3] ?? resolve(here, '../screenshots'))
mkdirSync(out, { recursive: true })

const demo = JSON.parse(readFileSync(resolve(here, '../../deploy/demo/district.json'), 'utf8'))
const now = '2026-03-02T09:30:00+08:00'
const facilities = demo.facilities.map((f, i) => ({
  ...f,
  area_code: f.community_code,
  status: ['operating', 'operating', 'operating', 'suspended', 'operating', 'shut_down'][i % 6],
  readiness: { notes: null, ...f.readiness },
  created_at: '2026-01-05T10:00:00+08:00',
  updated_at: `2026-02-${String(10 + (i % 18)).padStart(2, '0')}T10:00:00+08:00`,
  version: 1,
}))
const accounts = demo.accounts.map((a, i) => ({
  id: `acc-${i + 1}`,
  department: ['civil_affairs', 'fire', 'emergency', 'police', 'health', 'housing', 'market'].includes(a.role) ? a.role : null,
  facility: null,
  phone: null,
  email: null,
  disabled: a.username === 'market_head',
  created_at: '2026-01-05T10:00:00+08:00',
  last_login_at: i % 3 ? '2026-03-01T08:15:00+08:00' : null,
  ...a,
}))
const areas = demo.areas.map((a) => ({ parent: null, ...a }))

function problem(route, status, detail, errors = [], code = null) {
  return route.fulfill({
    status,
    contentType: 'application/problem+json',
    body: JSON.stringify({ type: 'about:blank', title: String(status), status, detail, code, errors }),
  })
}
const json = (route, body, status = 200) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) })

let currentUser = null

async function mockApi(page) {
  await page.route('**/api/**', async (route) => {
    const request = route.request()
    const url = new URL(request.url())
    const path = url.pathname
    const method = request.method()
    const q = url.searchParams
    if (path === '/api/auth/login' && method === 'POST') {
      const body = request.postDataJSON()
      const account = accounts.find((a) => a.username === body.username)
      if (!account || body.password !== demo.demo_password) return problem(route, 401, 'Invalid username or password.', [], 'invalid_credentials')
      currentUser = account
      return json(route, { access_token: `t-${account.username}`, refresh_token: 'r', token_type: 'bearer', expires_in: 900, account })
    }
    const auth = request.headers()['authorization'] ?? ''
    const user = accounts.find((a) => auth === `Bearer t-${a.username}`)
    if (!user) return problem(route, 401, 'Missing or invalid token.')
    if (path === '/api/auth/me') return json(route, user)
    if (path === '/api/auth/logout') return route.fulfill({ status: 204 })
    if (path === '/api/registry/areas') return json(route, areas)
    if (path === '/api/accounts' && method === 'GET') {
      const items = accounts.filter((a) => !q.get('q') || a.username.includes(q.get('q')) || a.name.includes(q.get('q')))
      return json(route, { items: items.slice(0, 20), total: items.length, page: 1, page_size: 20 })
    }
    if (path === '/api/registry/facilities' && method === 'GET') {
      let items = facilities.filter((f) => f.area_code.startsWith(user.area))
      if (user.role === 'facility') items = items.filter((f) => f.id === user.facility)
      for (const key of ['subdistrict_code', 'community_code', 'status', 'ownership']) {
        if (q.get(key)) items = items.filter((f) => f[key] === q.get(key))
      }
      if (q.get('q')) items = items.filter((f) => f.name.includes(q.get('q')) || f.uscc.includes(q.get('q')))
      const sort = q.get('sort')
      if (sort) {
        const key = sort.replace(/^-/, '')
        const dir = sort.startsWith('-') ? -1 : 1
        items = [...items].sort((a, b) => (a[key] > b[key] ? dir : a[key] < b[key] ? -dir : 0))
      }
      const page = Number(q.get('page') ?? 1)
      const size = Number(q.get('page_size') ?? 20)
      return json(route, { items: items.slice((page - 1) * size, page * size), total: items.length, page, page_size: size })
    }
    if (path === '/api/registry/facilities' && method === 'POST') {
      return problem(route, 422, 'The request has invalid fields.', [
        { field: 'body.uscc', reason: 'A facility with this unified social credit code is already registered.' },
        { field: 'body.building.floors', reason: 'Input should be less than or equal to 60' },
      ], 'validation_failed')
    }
    if (path === '/api/registry/facilities/import' && method === 'POST') {
      return problem(route, 422, 'The file has 3 invalid cells; nothing was imported.', [
        { field: 'uscc', row: 3, column: 'B', reason: 'check character does not match (GB 32100-2015)' },
        { field: 'community_code', row: 5, column: 'F', reason: 'unknown community 999001009001' },
        { field: 'licensed_beds', row: 7, column: 'L', reason: 'must be a whole number ≥ 0' },
      ], 'import_invalid')
    }
    const one = /^\/api\/registry\/facilities\/([^/]+)(\/[a-z-]+)?$/.exec(path)
    if (one) {
      const facility = facilities.find((f) => f.id === one[1])
      if (!facility) return problem(route, 404, 'Facility not found.')
      if (!one[2]) return json(route, facility)
      if (one[2] === '/status-history') {
        return json(route, [
          { from_status: null, to_status: 'operating', reason: '初始登记', changed_by: 'acc-2', changed_by_name: '民政检查员（演示）', changed_at: '2026-01-05T10:00:00+08:00' },
          { from_status: 'operating', to_status: 'suspended', reason: '消防通道堵塞，责令停业整顿（整改通知书 2026-001）', changed_by: 'acc-20', changed_by_name: '专班组长（演示）', changed_at: '2026-02-01T15:20:00+08:00' },
          { from_status: 'suspended', to_status: 'operating', reason: '整改完成，验收合格', changed_by: 'acc-20', changed_by_name: '专班组长（演示）', changed_at: '2026-02-20T11:00:00+08:00' },
        ])
      }
      if (one[2] === '/residents') {
        const names = ['张桂兰', '李秀英', '王淑珍', '刘玉梅', '陈凤英']
        return json(route, names.map((name, i) => ({
          id: `r${i}`, name, id_number: `230404********${1230 + i}`, care_level: ['self_care', 'semi_dependent', 'dependent'][i % 3],
          guardian_name: '家属', guardian_phone: '139****0000', admitted_on: `2025-0${i + 1}-15`, moved_out_on: null,
        })))
      }
    }
    return problem(route, 404, `No mock for ${method} ${path}`)
  })
}

const failures = []
function check(name, ok) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`)
  if (!ok) failures.push(name)
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
const page = await context.newPage()
page.on('pageerror', (e) => failures.push(`page error: ${e.message}`))
await mockApi(page)
const shot = (name) => page.screenshot({ path: `${out}/${name}.png`, fullPage: true })
const settle = () => page.waitForTimeout(400)

async function login(username) {
  await page.goto(`${base}/login`)
  await page.fill('[data-testid=login-username]', username)
  await page.fill('[data-testid=login-password]', demo.demo_password)
  await page.click('[data-testid=login-submit]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await settle()
}

// 1. login, wrong password
await page.goto(`${base}/facilities`)
await page.waitForURL(/\/login/)
check('unauthenticated visit redirects to login', /redirect=(%2F|\/)facilities/.test(page.url()))
await page.fill('[data-testid=login-username]', 'admin')
await page.fill('[data-testid=login-password]', 'wrong')
await page.click('[data-testid=login-submit]')
await page.waitForSelector('[data-testid=login-error]')
check('bad credentials show an error under the form', (await page.textContent('[data-testid=login-error]')).includes('用户名或密码错误'))
await shot('01-login-error')

// 2. admin: home, list, detail, form, import, accounts
await login('admin')
await page.waitForSelector('[data-testid=chart-area] canvas')
await settle()
check('admin menu has accounts', await page.isVisible('[data-testid=menu-accounts]'))
await shot('02-home-admin')

await page.click('[data-testid=menu-facilities]')
await page.waitForSelector('[data-testid=facility-row]')
check('facility rows carry data-testid', (await page.locator('[data-testid=facility-row]').count()) === 20)
check('create button visible for admin', await page.isVisible('[data-testid=facility-create-button]'))
await shot('03-facility-list')

await page.locator('[data-testid=facility-name-link]').first().click()
await page.waitForSelector('[data-testid=facility-status-history]')
await settle()
await shot('04-facility-detail')
await page.click('[data-testid=facility-status-button]')
await page.waitForSelector('[data-testid=status-dialog-submit]')
await page.click('[data-testid=status-dialog-submit]')
await settle()
await shot('05-status-dialog-validation')

await page.goto(`${base}/facilities/new`)
await page.waitForSelector('[data-testid=facility-save-button]')
await page.fill('[data-testid=facility-field-uscc]', '52999001A4C123B10X')
await page.click('[data-testid=facility-save-button]')
await settle()
const usccError = await page.locator('[data-testid=facility-item-uscc] .el-form-item__error').textContent()
check('client USCC check shows under the field', /校验位/.test(usccError ?? ''))
await page.evaluate(() => window.scrollTo(0, 0))
await shot('06-facility-form-client-errors')

// fill a valid form so the mocked server answers 422 with field errors
await page.fill('[data-testid=facility-field-name]', '测试养老院')
await page.fill('[data-testid=facility-field-uscc]', '52999001A4C123B10F')
await page.click('[data-testid=facility-ownership-private]')
await page.click('[data-testid=facility-field-area]')
await page.locator('.el-cascader-node').first().click()
await page.locator('.el-cascader-menu').nth(1).locator('.el-cascader-node').first().click()
await page.fill('[data-testid=facility-field-address]', '鹤鸣区示范路 1 号')
await page.fill('[data-testid=facility-field-legal_representative]', '王五')
await page.fill('[data-testid=facility-field-legal_representative_phone]', '13900000000')
await page.fill('[data-testid=facility-field-manager]', '赵六')
await page.fill('[data-testid=facility-field-manager_phone]', '13700000000')
await page.fill('[data-testid=facility-field-licensed_beds] input', '50')
await page.fill('[data-testid="facility-field-building.floors"] input', '3')
await page.click('[data-testid=facility-save-button]')
await page.waitForSelector('[data-testid="facility-item-building.floors"] .el-form-item__error')
const floorsError = await page.locator('[data-testid="facility-item-building.floors"] .el-form-item__error').textContent()
check('server error body.building.floors shows under building.floors', (floorsError ?? '').includes('less than or equal to 60'))
const serverUscc = await page.locator('[data-testid=facility-item-uscc] .el-form-item__error').textContent()
check('server error body.uscc shows under uscc', (serverUscc ?? '').includes('already registered'))
await page.evaluate(() => window.scrollTo(0, 0))
await shot('07-facility-form-server-errors')

await page.goto(`${base}/facilities/import`)
await page.setInputFiles('[data-testid=import-file-input]', {
  name: 'facilities.xlsx',
  mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  buffer: Buffer.from('PK fake xlsx'),
})
await page.click('[data-testid=import-submit-button]')
await page.waitForSelector('[data-testid=import-error-table] .el-table__row')
check('import errors listed by row', (await page.locator('[data-testid=import-error-table] .el-table__row').count()) === 3)
await shot('08-import-errors')

await page.click('[data-testid=menu-accounts]')
await page.waitForSelector('[data-testid=account-row]')
await settle()
await shot('09-accounts')
await page.click('[data-testid=account-create-button]')
await page.waitForSelector('[data-testid=account-save-button]')
await page.click('[data-testid=account-save-button]')
await settle()
await shot('10-account-create-validation')
await page.keyboard.press('Escape')
await settle()

// 3. English
await page.click('[data-testid=menu-facilities]')
await page.waitForSelector('[data-testid=facility-row]')
await page.click('[data-testid=language-switch]')
await settle()
check('language switch turns the UI English', (await page.textContent('[data-testid=app-title]')).includes('Elderly-Care'))
check('Element Plus follows (pagination)', (await page.textContent('[data-testid=facility-pagination]')).includes('Total'))
await shot('11-facility-list-en')
await page.reload()
await page.waitForSelector('[data-testid=facility-row]')
check('language choice persists across reloads', (await page.textContent('[data-testid=app-title]')).includes('Elderly-Care'))
await page.click('[data-testid=language-switch]')
await settle()

// 4. facility manager lands on its home page and opens its own facility; fire staff sees no create button
await page.click('[data-testid=logout-button]')
await page.waitForURL(/\/login/)
const manager = accounts.find((a) => a.role === 'facility')
await login('facility_manager')
check('facility manager lands on its home page', new URL(page.url()).pathname === '/')
await page.goto(`${base}/facilities/${manager.facility}`)
await page.waitForSelector('[data-testid=facility-residents]')
await settle()
await shot('12-facility-manager-landing')
await page.goto(`${base}/facilities`)
await settle()
check('facility manager cannot browse the list', page.url().endsWith(`/facilities/${manager.facility}`))
await page.click('[data-testid=logout-button]')
await page.waitForURL(/\/login/)
await login('fire_staff')
await page.goto(`${base}/facilities`)
await page.waitForSelector('[data-testid=facility-row]')
check('fire staff has no create button', !(await page.isVisible('[data-testid=facility-create-button]')))
await page.goto(`${base}/accounts`)
await settle()
check('non-admin gets the forbidden page for accounts', await page.isVisible('[data-testid=error-forbidden]'))

await browser.close()
console.log(`screenshots in ${out}`)
if (failures.length) {
  console.error(`${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`)
  process.exit(1)
}

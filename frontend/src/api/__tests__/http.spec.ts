import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiProblem, buildUrl, configureAuth, filenameFromDisposition, request, type AuthHooks } from '../http'

function json(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } })
}

function problem(status: number, extra: Record<string, unknown> = {}): Response {
  return json(status, { type: 'about:blank', title: 'Unauthorized', status, ...extra }, 'application/problem+json')
}

interface Session extends AuthHooks {
  access: string | null
  refresh: string | null
  expired: number
}

function session(): Session {
  const s: Session = {
    access: 'old-access',
    refresh: 'refresh-1',
    expired: 0,
    getAccessToken: () => s.access,
    getRefreshToken: () => s.refresh,
    onRefreshed: (answer) => {
      s.access = answer.access_token
      s.refresh = answer.refresh_token
    },
    onSessionExpired: () => {
      s.expired += 1
      s.access = null
      s.refresh = null
    },
  }
  return s
}

const fresh = { access_token: 'new-access', refresh_token: 'refresh-2', token_type: 'bearer', expires_in: 900 }

function authHeader(call: unknown[]): string | undefined {
  const init = call[1] as RequestInit
  return (init.headers as Record<string, string>).Authorization
}

describe('http client', () => {
  let fetchMock: ReturnType<typeof vi.fn>
  let s: Session

  beforeEach(() => {
    fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    s = session()
    configureAuth(s)
  })

  afterEach(() => {
    configureAuth(null)
    vi.unstubAllGlobals()
  })

  it('sends the bearer token under /api', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { ok: 1 }))
    await expect(request('/registry/areas')).resolves.toEqual({ ok: 1 })
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/registry/areas')
    expect(authHeader(fetchMock.mock.calls[0]!)).toBe('Bearer old-access')
  })

  it('on a 401 refreshes once, then retries with the new token', async () => {
    fetchMock
      .mockResolvedValueOnce(problem(401))
      .mockResolvedValueOnce(json(200, fresh))
      .mockResolvedValueOnce(json(200, { id: 'f1' }))
    await expect(request('/registry/facilities/f1')).resolves.toEqual({ id: 'f1' })

    expect(fetchMock).toHaveBeenCalledTimes(3)
    const [first, refresh, retry] = fetchMock.mock.calls
    expect(authHeader(first!)).toBe('Bearer old-access')
    expect(refresh![0]).toBe('/api/auth/refresh')
    expect(JSON.parse((refresh![1] as RequestInit).body as string)).toEqual({ refresh_token: 'refresh-1' })
    expect(authHeader(refresh!)).toBeUndefined()
    expect(retry![0]).toBe('/api/registry/facilities/f1')
    expect(authHeader(retry!)).toBe('Bearer new-access')
    expect(s.refresh).toBe('refresh-2')
    expect(s.expired).toBe(0)
  })

  it('does not refresh twice when the retry is still unauthorised', async () => {
    fetchMock
      .mockResolvedValueOnce(problem(401))
      .mockResolvedValueOnce(json(200, fresh))
      .mockResolvedValueOnce(problem(401, { detail: 'still no' }))
    const error = await request('/auth/me').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiProblem)
    expect((error as ApiProblem).status).toBe(401)
    expect(fetchMock).toHaveBeenCalledTimes(3)
    expect(s.expired).toBe(1)
  })

  it('ends the session when the refresh itself fails', async () => {
    fetchMock.mockResolvedValueOnce(problem(401)).mockResolvedValueOnce(problem(401, { detail: 'refresh revoked' }))
    await expect(request('/auth/me')).rejects.toMatchObject({ status: 401 })
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(s.expired).toBe(1)
    expect(s.access).toBeNull()
  })

  it('shares one refresh between concurrent 401s', async () => {
    let release!: (r: Response) => void
    const pendingRefresh = new Promise<Response>((resolve) => (release = resolve))
    fetchMock.mockImplementation((url: string, init: RequestInit) => {
      if (url === '/api/auth/refresh') return pendingRefresh
      const auth = (init.headers as Record<string, string>).Authorization
      return Promise.resolve(auth === 'Bearer new-access' ? json(200, { url }) : problem(401))
    })
    const both = Promise.all([request('/a'), request('/b')])
    await new Promise((r) => setTimeout(r, 0))
    release(json(200, fresh))
    await expect(both).resolves.toEqual([{ url: '/api/a' }, { url: '/api/b' }])
    const refreshes = fetchMock.mock.calls.filter((call) => call[0] === '/api/auth/refresh')
    expect(refreshes).toHaveLength(1)
  })

  it('never refreshes for anonymous calls (login)', async () => {
    fetchMock.mockResolvedValueOnce(problem(401, { detail: 'bad credentials', code: 'invalid_credentials' }))
    await expect(
      request('/auth/login', { method: 'POST', json: { username: 'x', password: 'y' }, anonymous: true }),
    ).rejects.toMatchObject({ status: 401, code: 'invalid_credentials', detail: 'bad credentials' })
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(s.expired).toBe(0)
  })

  it('parses problem+json into a typed ApiProblem', async () => {
    fetchMock.mockResolvedValueOnce(
      json(
        422,
        {
          type: 'about:blank',
          title: 'Unprocessable Content',
          status: 422,
          detail: 'The request has invalid fields.',
          code: 'validation_failed',
          errors: [{ field: 'body.uscc', reason: 'check character does not match' }],
        },
        'application/problem+json',
      ),
    )
    const error = (await request('/registry/facilities', { method: 'POST', json: {} }).catch((e: unknown) => e)) as ApiProblem
    expect(error).toBeInstanceOf(ApiProblem)
    expect(error.status).toBe(422)
    expect(error.title).toBe('Unprocessable Content')
    expect(error.code).toBe('validation_failed')
    expect(error.detail).toBe('The request has invalid fields.')
    expect(error.errors).toEqual([{ field: 'body.uscc', reason: 'check character does not match' }])
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('keeps the reason sub-code of a problem, and none when it is absent or not a string', async () => {
    fetchMock.mockResolvedValueOnce(problem(409, { code: 'reward_not_eligible', reason: 'no_contact', detail: 'Tip T1: no contact' }))
    await expect(request('/inspection/tips/1/rewards', { method: 'POST', json: {} }))
      .rejects.toMatchObject({ status: 409, code: 'reward_not_eligible', reason: 'no_contact' })
    fetchMock.mockResolvedValueOnce(problem(409, { code: 'conflict' }))
    await expect(request('/x')).rejects.toMatchObject({ code: 'conflict', reason: '' })
    fetchMock.mockResolvedValueOnce(problem(409, { code: 'conflict', reason: { nested: true } }))
    await expect(request('/x')).rejects.toMatchObject({ reason: '' })
  })

  it('turns a network failure into status 0', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    await expect(request('/x')).rejects.toMatchObject({ status: 0, code: 'network_error' })
  })

  it('tolerates a non-JSON error body', async () => {
    fetchMock.mockResolvedValueOnce(new Response('Bad Gateway', { status: 502, statusText: 'Bad Gateway' }))
    await expect(request('/x')).rejects.toMatchObject({ status: 502, errors: [] })
  })
})

describe('helpers', () => {
  it('builds query strings without empty values', () => {
    expect(buildUrl('/registry/facilities', { q: '松鹤', status: '', page: 2, x: undefined, y: null })).toBe(
      `/api/registry/facilities?q=${encodeURIComponent('松鹤')}&page=2`,
    )
  })

  it('reads a filename from Content-Disposition', () => {
    expect(filenameFromDisposition(`attachment; filename="facilities.xlsx"`)).toBe('facilities.xlsx')
    expect(filenameFromDisposition(`attachment; filename*=UTF-8''%E5%85%BB%E8%80%81.xlsx`)).toBe('养老.xlsx')
    expect(filenameFromDisposition(null)).toBeNull()
  })
})

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import zhCN from '../zh-CN'
import en from '../en'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out[path] = value
    else Object.assign(out, flatten(value, path))
  }
  return out
}

const zh = flatten(zhCN as unknown as Tree)
const eng = flatten(en as unknown as Tree)

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === '__tests__' ? [] : sourceFiles(path)
    return /\.(ts|vue)$/.test(name) ? [path] : []
  })
}

describe('i18n messages', () => {
  it('zh-CN and en have exactly the same keys', () => {
    const missingInEn = Object.keys(zh).filter((key) => !(key in eng))
    const missingInZh = Object.keys(eng).filter((key) => !(key in zh))
    expect(missingInEn).toEqual([])
    expect(missingInZh).toEqual([])
  })

  it('has no empty message', () => {
    expect(Object.entries(zh).filter(([, v]) => !v.trim())).toEqual([])
    expect(Object.entries(eng).filter(([, v]) => !v.trim())).toEqual([])
  })

  it('uses the same placeholders in both languages', () => {
    const mismatched = Object.keys(zh).filter(
      (key) => key in eng && placeholders(zh[key]!).join() !== placeholders(eng[key]!).join(),
    )
    expect(mismatched).toEqual([])
  })

  it('escapes vue-i18n special characters (@ and |)', () => {
    const risky = [...Object.entries(zh), ...Object.entries(eng)].filter(([, v]) => /[@|]/.test(v.replace(/\{'[@|]'\}/g, '')))
    expect(risky).toEqual([])
  })

  it('defines every literal key the source code asks for', () => {
    const root = resolve(__dirname, '../..')
    const used = new Set<string>()
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z]+\.[\w.]+)'/g)) used.add(match[1]!)
      for (const match of text.matchAll(/label: '((?:menu)\.\w+)'/g)) used.add(match[1]!)
    }
    expect(used.size).toBeGreaterThan(50)
    expect([...used].filter((key) => !(key in zh)).sort()).toEqual([])
  })
})

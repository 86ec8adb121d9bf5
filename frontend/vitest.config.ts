import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  test: {
    environment: 'jsdom',
    // A spec's first test also pays for transforming Element Plus (inlined below): on a loaded 2-core CI machine
    // that alone passed vitest's 5 s default (LaddersTab, three times). Assertions, not time, decide a test here.
    testTimeout: 20000,
    include: ['src/**/__tests__/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
    server: { deps: { inline: ['element-plus'] } },
  },
})

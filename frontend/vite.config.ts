import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

const backend = process.env.ELDERSAFE_BACKEND ?? 'http://127.0.0.1:8000'

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Element Plus components (and their CSS) are imported on demand where templates use them.
    Components({
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
      dts: 'src/components.d.ts',
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // The staff SPA and the public tip page (its own small bundle, served by the gateway at /tip).
      input: { index: 'index.html', tip: 'tip.html' },
      output: {
        codeSplitting: {
          // Highest priority first: a group also takes the dependencies of what it captures, so the
          // framework must be claimed before the groups that depend on it (vue-echarts → vue).
          groups: [
            // Vue itself apart from the staff app's router, store and i18n: the public tip page loads only this.
            {
              name: 'vendor-vue',
              test: /node_modules[\\/](@vue[\\/](runtime-core|runtime-dom|reactivity|shared)|vue)[\\/]/,
              priority: 30,
            },
            {
              name: 'vendor-vue-app',
              test: /node_modules[\\/](vue-router|pinia|vue-i18n|@intlify|@vue[\\/]devtools-api)[\\/]/,
              priority: 25,
            },
            {
              name: 'vendor-element-plus',
              test: /node_modules[\\/](element-plus|@element-plus|@vueuse|@floating-ui|@popperjs|async-validator|dayjs|lodash-es|lodash-unified|memoize-one|normalize-wheel-es|@ctrl)[\\/]/,
              priority: 20,
            },
            { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts|tslib)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
})

import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The control plane serves dist/ at / and the API under /api; in `npm run dev` Vite proxies /api
// to a locally running `cloudwaf serve` (CLOUDWAF_API, default http://127.0.0.1:8000).
export default defineConfig({
  plugins: [
    vue(),
    // Element Plus is imported per component (and its CSS per component) so the login page does
    // not pay for tables, drawers and date pickers it never shows.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: 'src/types/auto-imports.d.ts' }),
    Components({ resolvers: [ElementPlusResolver()], dts: 'src/types/components.d.ts' }),
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    proxy: { '/api': { target: process.env.CLOUDWAF_API || 'http://127.0.0.1:8000', changeOrigin: true } },
  },
  build: {
    target: 'es2020',
    chunkSizeWarningLimit: 800,
    // bench/console.py reads the manifest to measure what the login page loads first.
    manifest: true,
    rollupOptions: {
      output: {
        // ECharts is large and only the dashboard needs it: keep it in its own chunk.
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          return undefined
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts'],
  },
})

import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Styles of the Element Plus services called from scripts (templates get theirs on demand).
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles/main.css'
import App from './App.vue'
import { router } from './router'
import { i18n, currentLocale } from './i18n'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(router)
document.documentElement.lang = currentLocale()
app.mount('#app')

import { createApp } from 'vue'
import App from './App.vue'
import './style.css'
import './status.css'

createApp(App).mount('#tip-app')

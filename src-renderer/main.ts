import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createApi } from './api';
import { hydrate } from './hydrate';
import './styles/base.css';

createApi();
const app = createApp(App);
app.use(createPinia());
app.mount('#app');
void hydrate();

import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { useApi } from './api';
import { createAppRouter } from './router';
import './styles.css';

// Create the client before the router: in web mode it takes `?token=` out of the address bar first.
useApi();

createApp(App).use(createPinia()).use(createAppRouter()).mount('#app');

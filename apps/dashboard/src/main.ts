import { DefaultApolloClient } from '@vue/apollo-composable';
import { createApp } from 'vue';
import App from './app/App.vue';
import { apollo } from './app/apollo';
import { FEATURE_ROUTES } from './app/feature-routes';
import { addFeatureRoutes, makeRouter } from './app/router';

createApp(App)
  .provide(DefaultApolloClient, apollo)
  .use(makeRouter(addFeatureRoutes(FEATURE_ROUTES)))
  .mount('#app');

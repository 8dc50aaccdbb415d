export type { MessagingConfig } from '../../config/config.js';

/** The history feature: every generation kept in this browser, its filter, export and import. */
export { HistoryList } from './HistoryList';

export * from './facts/fact-definition';
export * from './facts/enterprise-facts';
export * from './events/domain-event';
export * from './events/event-names';
export * from './events/event-map';
export * from './dates/calendar-date';

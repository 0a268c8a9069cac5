"""Events and the calendar: event pages, month and list views, iCalendar feeds, official
holidays, the mayor's public programme and private appointments. It imports from cms only,
never from press or archive."""

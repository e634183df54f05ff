import TermscaleCore

extension CSVTimetableReader {
    /// Windows: each row is one window from its first day (`date`) to its last day
    /// (`end_date`, inclusive; the first day when empty), covering local midnight of the first day
    /// to local midnight after the last, unless `start`/`end` times narrow it.
    func readWindows(
        _ records: ArraySlice<CSVParser.Record>, rows: inout RowContext,
        source: String
    ) -> [CalendarWindow] {
        var windows: [CalendarWindow] = []
        for record in records where !record.isEffectivelyBlank {
            rows.begin(record)
            // Days, each possibly with a time in the same cell ("2027-09-20 09:00").
            let first = rows.date(.date, record, required: "every window needs its first day (e.g. 2027-01-12)")
            let lastDayText = rows.value(.endDate, record)
            let last = lastDayText.isEmpty ? nil : rows.date(.endDate, record, required: nil)
            let firstDay = first?.date
            let lastDay = lastDayText.isEmpty ? firstDay : last?.date
            let startTime = rows.time(.start, record, required: nil) ?? first?.time
            let endTime = rows.time(.end, record, required: nil) ?? last?.time

            let titleText = rows.value(.title, record)
            let categoryText = rows.value(.category, record)
            let title = !titleText.isEmpty ? titleText : !categoryText.isEmpty ? categoryText : options.category ?? ""
            let categoryName = options.category ?? (!categoryText.isEmpty ? categoryText : titleText)
            let category = CalendarWindow.normalizedCategory(categoryName)
            if title.isEmpty {
                rows.report(
                    rows.layout[.title] != nil ? .title : .category,
                    "is empty; every window needs a title or a category (e.g. Reading Week)")
            } else if category.isEmpty {
                rows.report(
                    .category,
                    "'\(categoryName)' has no letters or digits to make a category from; "
                        + "give a word such as teaching or exams")
            }

            guard let firstDay, let lastDay else { continue }
            if lastDay < firstDay {
                rows.report(
                    .endDate,
                    "'\(lastDayText)' is before the first day '\(rows.value(.date, record))'; "
                        + "the last day must be on or after the first")
                continue
            }
            let startLocal = LocalDateTime(date: firstDay).adding(seconds: Int64(startTime ?? 0))
            let endLocal =
                endTime.map { LocalDateTime(date: lastDay).adding(seconds: Int64($0)) }
                ?? LocalDateTime(date: lastDay.adding(days: 1))
            if endLocal <= startLocal {
                rows.report(
                    .end,
                    "'\(rows.value(.end, record))' on \(lastDay) is not after the start "
                        + "\(RowContext.wallText(startLocal)); a window must end after it starts")
                continue
            }
            // A day without a time starts at its first instant, which is not always midnight.
            let zone = options.zone
            guard
                let start = startTime == nil
                    ? LocalTimeResolver.startOfDay(firstDay, in: zone)
                    : rows.instant(startLocal, field: .start),
                let end = endTime == nil
                    ? LocalTimeResolver.startOfDay(lastDay.adding(days: 1), in: zone)
                    : rows.instant(endLocal, field: .end),
                rows.rowIsClean
            else { continue }
            windows.append(
                CalendarWindow(
                    category: category, title: title, start: UTCFormat.date(start),
                    end: UTCFormat.date(end), source: source, sourceLine: record.line))
        }
        return windows
    }
}

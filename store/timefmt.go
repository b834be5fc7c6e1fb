package store

import "time"

// parseUTCTime parses the form the writer produces,
// "2006-01-02T15:04:05[.fraction]Z", without allocating; ok is false for
// anything else (the caller then falls back to time.Parse).
func parseUTCTime(v string) (t time.Time, ok bool) {
	if len(v) < 20 || v[len(v)-1] != 'Z' || v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' || v[16] != ':' {
		return time.Time{}, false
	}
	num := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(v[0:4])
	month, ok2 := num(v[5:7])
	day, ok3 := num(v[8:10])
	hour, ok4 := num(v[11:13])
	minute, ok5 := num(v[14:16])
	sec, ok6 := num(v[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return time.Time{}, false
	}
	nsec := 0
	if frac := v[19 : len(v)-1]; frac != "" {
		if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 {
			return time.Time{}, false
		}
		n, ok := num(frac[1:])
		if !ok {
			return time.Time{}, false
		}
		for i := len(frac) - 1; i < 9; i++ {
			n *= 10
		}
		nsec = n
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false // time.Parse reports it
	}
	unix := daysFromCivil(year, month, day)*86400 + int64(hour*3600+minute*60+sec)
	return time.Unix(unix, int64(nsec)).UTC(), true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is the number of days from 1970-01-01 to the given date in
// the proleptic Gregorian calendar (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// appendUTCTime appends t in UTC as time.RFC3339Nano does (fraction without
// trailing zeros), without the general formatter's cost.
func appendUTCTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(b, time.RFC3339Nano)
	}
	hour, minute, sec := t.Clock()
	b = append(b,
		byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+int(month)/10), byte('0'+int(month)%10), '-',
		byte('0'+day/10), byte('0'+day%10), 'T',
		byte('0'+hour/10), byte('0'+hour%10), ':',
		byte('0'+minute/10), byte('0'+minute%10), ':',
		byte('0'+sec/10), byte('0'+sec%10))
	if ns := t.Nanosecond(); ns != 0 {
		var frac [10]byte
		frac[0] = '.'
		for i := 9; i >= 1; i-- {
			frac[i] = byte('0' + ns%10)
			ns /= 10
		}
		end := 10
		for frac[end-1] == '0' {
			end--
		}
		b = append(b, frac[:end]...)
	}
	return append(b, 'Z')
}

// parseDuration is time.ParseDuration with a fast path for what
// Duration.String writes for durations under a minute ("123.456789ms",
// "1.5s", "800µs", "42ns"): digits, an optional fraction no finer than a
// nanosecond, and one unit. Anything else goes to time.ParseDuration, so the
// results and errors are always its own.
func parseDuration(v string) (time.Duration, error) {
	if d, ok := parseShortDuration(v); ok {
		return d, nil
	}
	return time.ParseDuration(v)
}

func parseShortDuration(v string) (time.Duration, bool) {
	var unit int64
	var digits int // fraction digits the unit allows without rounding
	switch {
	case len(v) > 2 && v[len(v)-2:] == "ns":
		unit, digits, v = 1, 0, v[:len(v)-2]
	case len(v) > 2 && (v[len(v)-2:] == "us" || v[len(v)-2:] == "ms"):
		unit, digits = 1000, 3
		if v[len(v)-2] == 'm' {
			unit, digits = 1000000, 6
		}
		v = v[:len(v)-2]
	case len(v) > 3 && v[len(v)-3:] == "µs":
		unit, digits, v = 1000, 3, v[:len(v)-3]
	case len(v) > 1 && v[len(v)-1] == 's':
		unit, digits, v = 1000000000, 9, v[:len(v)-1]
	default:
		return 0, false
	}
	var n, i int64
	for ; int(i) < len(v) && v[i] >= '0' && v[i] <= '9'; i++ {
		n = n*10 + int64(v[i]-'0')
	}
	if i == 0 || i > 9 {
		return 0, false
	}
	d := n * unit
	if int(i) == len(v) {
		return time.Duration(d), true
	}
	if v[i] != '.' {
		return 0, false
	}
	frac := v[i+1:]
	if len(frac) == 0 || len(frac) > digits {
		return 0, false
	}
	scale := unit
	var f int64
	for j := 0; j < len(frac); j++ {
		c := frac[j]
		if c < '0' || c > '9' {
			return 0, false
		}
		f = f*10 + int64(c-'0')
		scale /= 10
	}
	return time.Duration(d + f*scale), true
}

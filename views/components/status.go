package components

import "strconv"

func statusText(code int) string { return strconv.Itoa(code) }

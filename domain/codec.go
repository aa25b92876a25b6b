package domain

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"time"
)

// Getter reads a stored field value; "" when the field was never written.
type Getter interface {
	Get(field string) string
}

// Values is a Getter over a plain map.
type Values map[string]string

// Get implements Getter.
func (v Values) Get(field string) string { return v[field] }

type fieldInfo struct {
	index int
	name  string
}

var fieldCache sync.Map // reflect.Type -> []fieldInfo

func fieldsOf(t reflect.Type) []fieldInfo {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]fieldInfo)
	}
	var out []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		if name := t.Field(i).Tag.Get("field"); name != "" {
			out = append(out, fieldInfo{index: i, name: name})
		}
	}
	fieldCache.Store(t, out)
	return out
}

func structOf(v any) reflect.Value {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		panic(fmt.Sprintf("domain: %T is not a record struct", v))
	}
	return rv
}

// Encode returns every field of a record struct except its id, as stored
// strings. Zero values encode as "".
func Encode(v any) map[string]string {
	rv := structOf(v)
	out := map[string]string{}
	for _, f := range fieldsOf(rv.Type()) {
		if f.name == "id" {
			continue
		}
		out[f.name] = encodeValue(rv.Field(f.index))
	}
	return out
}

// Diff returns the fields whose stored form differs between two values of the
// same record type: the writes an edit needs, and no more.
func Diff(before, after any) map[string]string {
	b, a := Encode(before), Encode(after)
	out := map[string]string{}
	for k, v := range a {
		if b[k] != v {
			out[k] = v
		}
	}
	return out
}

// Decode fills the record struct pointed to by v from stored values. Values
// that do not parse (from a newer version, say) leave the zero value.
func Decode(id string, g Getter, v any) {
	rv := structOf(v)
	for _, f := range fieldsOf(rv.Type()) {
		fv := rv.Field(f.index)
		if f.name == "id" {
			fv.SetString(id)
			continue
		}
		decodeValue(fv, g.Get(f.name))
	}
}

var timeType = reflect.TypeOf(time.Time{})

func encodeValue(v reflect.Value) string {
	if v.Type() == timeType {
		t := v.Interface().(time.Time)
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		if v.Bool() {
			return "true"
		}
		return ""
	case reflect.Int, reflect.Int64, reflect.Int32:
		if v.Int() == 0 {
			return ""
		}
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Slice:
		if v.Len() == 0 {
			return ""
		}
		b, _ := json.Marshal(v.Interface())
		return string(b)
	}
	panic("domain: unsupported field type " + v.Type().String())
}

func decodeValue(v reflect.Value, s string) {
	if v.Type() == timeType {
		t, _ := time.Parse(time.RFC3339Nano, s)
		v.Set(reflect.ValueOf(t))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		v.SetBool(s == "true")
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, _ := strconv.ParseInt(s, 10, 64)
		v.SetInt(n)
	case reflect.Slice:
		p := reflect.New(v.Type())
		if s != "" && json.Unmarshal([]byte(s), p.Interface()) == nil {
			v.Set(p.Elem())
		} else {
			v.Set(reflect.Zero(v.Type()))
		}
	default:
		panic("domain: unsupported field type " + v.Type().String())
	}
}

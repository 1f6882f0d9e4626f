package kube

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Object is one object read from the API server, as a document for the
// compiler.
type Object struct {
	// Name is the document name: RESOURCE/NAMESPACE/NAME.
	Name string
	// Namespace and ObjName identify it in the cluster.
	Namespace, ObjName string
	// RV is its resourceVersion.
	RV string
	// Doc is its JSON, indented, with apiVersion and kind and without
	// metadata.managedFields.
	Doc []byte
}

type objectMeta struct {
	Name            string `json:"name"`
	Namespace       string `json:"namespace"`
	ResourceVersion string `json:"resourceVersion"`
}

// newObject turns an item of a list or the object of a watch event into
// an Object. List items of built-in kinds come without apiVersion and
// kind; they are filled in from r.
func newObject(r Resource, raw json.RawMessage) (*Object, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Errorf("decoding a %s: %w", r.Kind, err)
	}
	var meta map[string]json.RawMessage
	if err := json.Unmarshal(fields["metadata"], &meta); err != nil {
		return nil, fmt.Errorf("decoding the metadata of a %s: %w", r.Kind, err)
	}
	var m objectMeta
	if err := json.Unmarshal(fields["metadata"], &m); err != nil {
		return nil, fmt.Errorf("decoding the metadata of a %s: %w", r.Kind, err)
	}
	if _, ok := meta["managedFields"]; ok {
		delete(meta, "managedFields")
		b, err := json.Marshal(meta)
		if err != nil {
			return nil, err
		}
		fields["metadata"] = b
	}
	if _, ok := fields["kind"]; !ok {
		fields["kind"], _ = json.Marshal(r.Kind)
	}
	if _, ok := fields["apiVersion"]; !ok {
		fields["apiVersion"], _ = json.Marshal(r.APIVersion())
	}
	flat, err := json.Marshal(fields) // keys sorted: apiVersion, kind, metadata, spec, status
	if err != nil {
		return nil, err
	}
	var doc bytes.Buffer
	doc.Grow(len(flat) * 2)
	if err := json.Indent(&doc, flat, "", "  "); err != nil {
		return nil, err
	}
	doc.WriteByte('\n')
	return &Object{
		Name:      r.Name + "/" + m.Namespace + "/" + m.Name,
		Namespace: m.Namespace, ObjName: m.Name, RV: m.ResourceVersion,
		Doc: doc.Bytes(),
	}, nil
}

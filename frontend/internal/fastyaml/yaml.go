package fastyaml

import "gopkg.in/yaml.v3"

func (p *parser) yaml() ([]*yaml.Node, bool) { return nil, false }

package factorial

import "testing"

func TestCostsVisible(t *testing.T) {
	for _, tc := range []struct {
		name string
		t    Training
		want bool
	}{
		{"all null, as for people who may not see costs", Training{}, false},
		{"decimal cost", Training{CostDecimal: &Money{Amount: "0.00", Currency: "EUR"}}, true},
		{"total cost decimal", Training{TotalCostDecimal: &Money{Amount: "10.00"}}, true},
		{"integer cost only", Training{Cost: 1250}, true},
		{"subsidised cost only", Training{SubsidizedCost: 10}, true},
	} {
		if got := tc.t.CostsVisible(); got != tc.want {
			t.Errorf("%s: CostsVisible = %v", tc.name, got)
		}
	}
}

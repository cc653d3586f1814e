import Peregrine

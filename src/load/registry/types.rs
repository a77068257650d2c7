//! The service types of MPSV's codebook `DruhSocialniSluzby` (law 108/2006 Sb., §§ 37–70),
//! with the scenario service id each becomes.

use crate::model::Form;

/// A registry service type gapmap knows: `DruhSocialniSluzby/<code>`, the scenario service id
/// it becomes, its Czech name (law 108/2006 Sb.) and its usual form.
#[derive(Debug, Clone, Copy)]
pub struct ServiceType {
    pub code: u32,
    pub id: &'static str,
    pub label: &'static str,
    pub form: Form,
}

/// Every type of the MPSV codebook `DruhSocialniSluzby` that gapmap maps, in its order (§ 37–70
/// of the law). Code 1 is odborné sociální poradenství (§ 37); code 2 is not a type gapmap
/// knows, so it becomes `type_2` like any other unknown code.
pub const TYPES: &[ServiceType] = &[
    t(
        1,
        "social_counselling",
        "Odborné sociální poradenství",
        Form::Outpatient,
    ),
    t(3, "personal_assistance", "Osobní asistence", Form::Field),
    t(4, "home_care", "Pečovatelská služba", Form::Field),
    t(5, "emergency_care", "Tísňová péče", Form::Field),
    t(
        6,
        "guide_reading",
        "Průvodcovské a předčitatelské služby",
        Form::Field,
    ),
    t(
        7,
        "supported_living",
        "Podpora samostatného bydlení",
        Form::Field,
    ),
    t(8, "respite_care", "Odlehčovací služby", Form::Residential),
    t(
        9,
        "day_services_centre",
        "Centra denních služeb",
        Form::Outpatient,
    ),
    t(10, "day_care", "Denní stacionáře", Form::Outpatient),
    t(11, "weekly_care", "Týdenní stacionáře", Form::Residential),
    t(
        12,
        "disability_home",
        "Domovy pro osoby se zdravotním postižením",
        Form::Residential,
    ),
    t(
        13,
        "home_for_elderly",
        "Domovy pro seniory",
        Form::Residential,
    ),
    t(
        14,
        "special_regime_home",
        "Domovy se zvláštním režimem",
        Form::Residential,
    ),
    t(
        15,
        "sheltered_housing",
        "Chráněné bydlení",
        Form::Residential,
    ),
    t(
        16,
        "hospital_social_care",
        "Sociální služby ve zdravotnických zařízeních lůžkové péče",
        Form::Residential,
    ),
    t(17, "early_care", "Raná péče", Form::Field),
    t(
        18,
        "crisis_helpline",
        "Telefonická krizová pomoc",
        Form::Outpatient,
    ),
    t(19, "interpreting", "Tlumočnické služby", Form::Field),
    t(20, "shelter", "Azylové domy", Form::Residential),
    t(21, "halfway_house", "Domy na půl cesty", Form::Residential),
    t(22, "contact_centre", "Kontaktní centra", Form::Outpatient),
    t(23, "crisis_help", "Krizová pomoc", Form::Outpatient),
    t(
        24,
        "low_threshold_day_centre",
        "Nízkoprahová denní centra",
        Form::Outpatient,
    ),
    t(
        25,
        "youth_club",
        "Nízkoprahová zařízení pro děti a mládež",
        Form::Outpatient,
    ),
    t(26, "night_shelter", "Noclehárny", Form::Outpatient),
    t(27, "aftercare", "Služby následné péče", Form::Outpatient),
    t(
        28,
        "family_support",
        "Sociálně aktivizační služby pro rodiny s dětmi",
        Form::Field,
    ),
    t(
        29,
        "senior_activation",
        "Sociálně aktivizační služby pro seniory a osoby se zdravotním postižením",
        Form::Outpatient,
    ),
    t(
        30,
        "sheltered_workshop",
        "Sociálně terapeutické dílny",
        Form::Outpatient,
    ),
    t(
        31,
        "therapeutic_community",
        "Terapeutické komunity",
        Form::Residential,
    ),
    t(32, "outreach", "Terénní programy", Form::Field),
    t(
        33,
        "social_rehabilitation",
        "Sociální rehabilitace",
        Form::Outpatient,
    ),
    t(
        34,
        "intervention_centre",
        "Intervenční centra",
        Form::Outpatient,
    ),
];

const fn t(code: u32, id: &'static str, label: &'static str, form: Form) -> ServiceType {
    ServiceType {
        code,
        id,
        label,
        form,
    }
}

/// The type of a `DruhSocialniSluzby` code; an unknown code still gets a service of its own.
pub fn service_type(code: u32) -> ServiceType {
    TYPES
        .iter()
        .find(|t| t.code == code)
        .copied()
        .unwrap_or(ServiceType {
            code,
            id: "",
            label: "",
            form: Form::Outpatient,
        })
}
